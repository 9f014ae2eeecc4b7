import type { Finding } from '../core/finding.js';

/** Chunks grow from small (a webhook's one-finding report) to large (a repository's). */
const FIRST_CHUNK_BYTES = 64 << 10;
const MAX_CHUNK_BYTES = 8 << 20;

/** Encoded findings: finding i (as an array element) is bytes [startOf[i], endOf[i]) of chunks[chunkOf[i]] (shared memory). */
export interface EncodedBytes {
  chunks: Uint8Array[];
  chunkOf: Uint32Array;
  startOf: Uint32Array;
  endOf: Uint32Array;
}

/**
 * What comes before every finding in the JSON report's findings array. Each finding is encoded
 * with it, so that the report writes one view per finding; before the first finding the report
 * leaves out the comma.
 */
export const ELEMENT_SEPARATOR = ',\n    ';
const SEPARATOR_BYTES = Buffer.from(ELEMENT_SEPARATOR);

/**
 * Findings encoded as the bytes of their JSON text (exactly what JSON.stringify writes) after
 * the report's separator, each finding contiguous in one of a few large chunks: no finding has
 * to outlive its encoding as an object, which keeps a large scan out of the garbage collector's
 * old generation.
 *
 * The bytes are written straight into the chunk: the fields findings share (a check's title,
 * frameworks and remediation, a resource, a file, a field path) as bytes encoded once, the rest
 * character by character. Joining the pieces into one string first and writing that made a
 * flat copy of every finding's text on the heap, and cost more than all the writing.
 */
export class FindingEncoder {
  /** Filled chunks, then the one being written; each finding's bytes lie in one of them. */
  readonly chunks: Buffer[] = [];
  private chunk: Buffer;
  private pos = 0;
  /** Where the finding being written starts in `chunk`. */
  private start = 0;
  private count = 0;
  private chunkOf = new Uint32Array(1024);
  private startOf = new Uint32Array(1024);
  private endOf = new Uint32Array(1024);

  constructor() {
    this.chunk = chunkMemory(FIRST_CHUNK_BYTES);
    this.chunks.push(this.chunk);
  }

  get length(): number {
    return this.count;
  }

  /** Appends one finding; its index is the number of findings encoded before it. */
  encode(f: Finding): void {
    this.start = this.pos;
    this.putBytes(SEPARATOR_BYTES);
    const shared = sharedFragments(f);
    this.putBytes(shared.head);
    this.putJsonString(f.message);
    this.putBytes(resourceFragment(f.resource));
    this.putLocation(f.location);
    this.putBytes(shared.tail);
    this.putJsonString(f.fingerprint);
    // The engine makes findings with the usual fields first, in this order: matching them by
    // position is a comparison each instead of a set lookup for every key of every finding.
    let usual = 0;
    for (const key in f) {
      if (key === USUAL_KEYS[usual]) {
        usual++;
        continue;
      }
      if (KNOWN_KEYS.has(key)) continue;
      const value = f[key];
      if (value === undefined) continue;
      this.putBytes(keyFragment(key));
      if (typeof value === 'string') this.putJsonString(value);
      else this.putJsonText(JSON.stringify(value));
    }
    this.putByte(0x7d /* } */);

    const i = this.count++;
    if (i === this.chunkOf.length) {
      this.chunkOf = grown(this.chunkOf);
      this.startOf = grown(this.startOf);
      this.endOf = grown(this.endOf);
    }
    this.chunkOf[i] = this.chunks.length - 1;
    this.startOf[i] = this.start;
    this.endOf[i] = this.pos;
  }

  /** Finding `i` as an element of the report's findings array (separator and JSON), a view into its chunk. */
  elementOf(i: number): Buffer {
    return this.chunks[this.chunkOf[i]!]!.subarray(this.startOf[i]!, this.endOf[i]!);
  }

  /** What was encoded, as plain arrays another thread can take over (the chunks are transferable). */
  encoded(): EncodedBytes {
    const n = this.count;
    return { chunks: this.chunks, chunkOf: this.chunkOf.subarray(0, n), startOf: this.startOf.subarray(0, n), endOf: this.endOf.subarray(0, n) };
  }

  private putLocation(location: Finding['location']): void {
    const { file, line, path } = location;
    if (file === undefined || line === undefined || !hasUsualKeys(location)) {
      this.putBytes(LOCATION_KEY);
      this.putJsonText(JSON.stringify(location));
      return;
    }
    this.putBytes(fileFragment(file));
    this.putNumber(line);
    this.putBytes(path === undefined ? CLOSE_OBJECT : pathFragment(path));
  }

  private putByte(byte: number): void {
    if (this.pos === this.chunk.length) this.makeRoom(1);
    this.chunk[this.pos++] = byte;
  }

  private putBytes(bytes: Uint8Array): void {
    if (this.chunk.length - this.pos < bytes.length) this.makeRoom(bytes.length);
    this.chunk.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /**
   * `JSON.stringify(text)`: printable ASCII goes byte by byte (quotes and backslashes escaped:
   * messages quote container names), control characters and anything beyond ASCII through V8.
   */
  private putJsonString(text: string): void {
    const n = text.length;
    if (this.chunk.length - this.pos < 2 * n + 2) this.makeRoom(2 * n + 2);
    const chunk = this.chunk;
    let pos = this.pos;
    chunk[pos++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) return this.putJsonText(JSON.stringify(text));
      if (c === 0x22 || c === 0x5c) chunk[pos++] = 0x5c;
      chunk[pos++] = c;
    }
    chunk[pos++] = 0x22;
    this.pos = pos;
  }

  /** Text that is already JSON: written as its UTF-8 bytes. */
  private putJsonText(json: string): void {
    const n = json.length;
    if (this.chunk.length - this.pos < n) this.makeRoom(n);
    const chunk = this.chunk;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = json.charCodeAt(i);
      if (c > 0x7f) {
        if (this.chunk.length - this.pos < n * 3) this.makeRoom(n * 3);
        this.pos += this.chunk.write(json, this.pos, 'utf8');
        return;
      }
      chunk[pos++] = c;
    }
    this.pos = pos;
  }

  /** A line number (a non-negative integer; anything else as JSON writes it). */
  private putNumber(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) return this.putJsonText(JSON.stringify(n));
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    if (this.chunk.length - this.pos < digits) this.makeRoom(digits);
    let pos = this.pos + digits;
    this.pos = pos;
    let rest = n;
    do {
      this.chunk[--pos] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }

  /**
   * Starts a chunk twice the size of the last (up to the maximum) with room for `needed` more
   * bytes, and moves the part of the finding written so far into it: a finding never spans chunks.
   */
  private makeRoom(needed: number): void {
    const written = this.pos - this.start;
    const size = Math.max(Math.min(this.chunk.length * 2, MAX_CHUNK_BYTES), written + needed);
    const next = chunkMemory(size);
    next.set(this.chunk.subarray(this.start, this.pos), 0);
    // A chunk that only held the start of this finding holds nothing now.
    if (this.start === 0) this.chunks.pop();
    this.chunk = next;
    this.chunks.push(next);
    this.start = 0;
    this.pos = written;
  }
}

const PAGE = 64 << 10;

/**
 * Memory for encoded findings: a shared WebAssembly memory. Hundreds of megabytes of plain
 * ArrayBuffers count as external memory, and V8 answers their growth with full garbage
 * collections of the whole heap, several per large scan; shared memory is also handed to
 * another thread without a copy.
 */
function chunkMemory(bytes: number): Buffer {
  const pages = Math.ceil(bytes / PAGE);
  return Buffer.from(new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }).buffer);
}

function grown(array: Uint32Array): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(array.length * 2);
  next.set(array);
  return next;
}

const USUAL_KEYS = ['check', 'code', 'severity', 'category', 'title', 'message', 'resource', 'location', 'frameworks', 'remediation', 'fingerprint'];
const KNOWN_KEYS = new Set(USUAL_KEYS);

const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const LOCATION_KEY = utf8(',"location":');
const CLOSE_OBJECT = utf8('}');

/** Caches stay bounded: a long-running process (webhook, operator) sees many files and checks. */
const CACHE_LIMIT = 10_000;

interface SharedFragments {
  source: Pick<Finding, 'code' | 'severity' | 'category' | 'title' | 'frameworks' | 'remediation'>;
  /** `{"check":…,"title":…,"message":` */
  head: Uint8Array;
  /** `,"frameworks":…,"remediation":…,"fingerprint":` */
  tail: Uint8Array;
}

const fragments = new Map<string, SharedFragments>();
/** The fields every finding of a check shares, encoded once per check. */
function sharedFragments(f: Finding): SharedFragments {
  let shared = fragments.get(f.check);
  const s = shared?.source;
  // A severity override or an analyser's own finding may differ from the check's usual fields.
  if (shared === undefined || s!.code !== f.code || s!.severity !== f.severity || s!.category !== f.category || s!.title !== f.title || s!.frameworks !== f.frameworks || s!.remediation !== f.remediation) {
    shared = {
      source: { code: f.code, severity: f.severity, category: f.category, title: f.title, frameworks: f.frameworks, remediation: f.remediation },
      head: utf8(
        `{"check":${JSON.stringify(f.check)},"code":${JSON.stringify(f.code)},"severity":${JSON.stringify(f.severity)}` +
          `,"category":${JSON.stringify(f.category)},"title":${JSON.stringify(f.title)},"message":`,
      ),
      tail: utf8(`,"frameworks":${JSON.stringify(f.frameworks)},"remediation":${JSON.stringify(f.remediation)},"fingerprint":`),
    };
    if (fragments.size < CACHE_LIMIT) fragments.set(f.check, shared);
  }
  return shared;
}

/**
 * `,"resource":{…}`, once per run of findings about one resource object (the engine makes an
 * object's findings together and shares one reference among them). Only the last is kept: a
 * WeakMap of every resource would keep each one's bytes alive into the old generation.
 */
let lastResource: { resource: Finding['resource']; encoded: Uint8Array } | undefined;
function resourceFragment(resource: Finding['resource']): Uint8Array {
  if (lastResource?.resource !== resource) lastResource = { resource, encoded: utf8(`,"resource":${JSON.stringify(resource)}`) };
  return lastResource.encoded;
}

/** A bounded cache of text encoded once per distinct key. */
function encodedOnce(cache: Map<string, Uint8Array>, key: string, text: (key: string) => string): Uint8Array {
  let encoded = cache.get(key);
  if (encoded === undefined) {
    encoded = utf8(text(key));
    if (cache.size < CACHE_LIMIT) cache.set(key, encoded);
  }
  return encoded;
}

const files = new Map<string, Uint8Array>();
/** `,"location":{"file":…,"line":`, encoded once per file. */
const fileFragment = (file: string) => encodedOnce(files, file, (f) => `,"location":{"file":${JSON.stringify(f)},"line":`);

const paths = new Map<string, Uint8Array>();
/** `,"path":…}`: the same field paths recur in every object of a kind. */
const pathFragment = (path: string) => encodedOnce(paths, path, (p) => `,"path":${JSON.stringify(p)}}`);

const keys = new Map<string, Uint8Array>();
/** `,"key":` of a field beyond the usual ones (fix, container, an analyser's detail). */
const keyFragment = (key: string) => encodedOnce(keys, key, (k) => `,${JSON.stringify(k)}:`);

const USUAL_LOCATION_KEYS = ['file', 'line', 'path'];
/** Keys exactly `file`, `line` and optionally `path`, in that order (so the text equals JSON.stringify's). */
function hasUsualKeys(location: Finding['location']): boolean {
  let i = 0;
  for (const key in location) if (key !== USUAL_LOCATION_KEYS[i++]) return false;
  return i >= 2;
}
