import type { Finding } from '../core/finding.js';

/** Chunks grow from small (a webhook's one-finding report) to large (a repository's). */
const FIRST_CHUNK_BYTES = 64 << 10;
const MAX_CHUNK_BYTES = 8 << 20;
/** Room left in a chunk below which the next finding starts a new one. */
const HEADROOM = 16 << 10;

/**
 * Findings encoded as the bytes of their JSON text (exactly what JSON.stringify writes), each
 * finding contiguous in one of a few large chunks. A report of hundreds of thousands of
 * findings is mostly the same fields over and over: those are encoded once per check, file or
 * resource and copied as bytes, and no finding has to outlive its encoding as an object, which
 * keeps a large scan out of the garbage collector's old generation.
 */
export class FindingEncoder {
  /** Filled chunks, then the one being written; each finding's bytes lie in one of them. */
  readonly chunks: Buffer[] = [];
  private chunk: Buffer;
  private pos = 0;
  /** Where the finding being encoded begins in the current chunk. */
  private start = 0;
  private count = 0;
  private chunkOf = new Uint32Array(1024);
  private startOf = new Uint32Array(1024);
  private endOf = new Uint32Array(1024);

  constructor() {
    this.chunk = Buffer.allocUnsafeSlow(FIRST_CHUNK_BYTES);
    this.chunks.push(this.chunk);
  }

  get length(): number {
    return this.count;
  }

  /** Appends one finding; its index is the number of findings encoded before it. */
  encode(f: Finding): void {
    if (this.chunk.length - this.pos < HEADROOM) this.newChunk(0);
    this.start = this.pos;
    const shared = sharedFragments(f);
    this.bytes(shared.head);
    this.string(JSON.stringify(f.message));
    this.bytes(resourceFragment(f.resource));
    this.location(f.location);
    this.bytes(shared.tail);
    this.ascii(f.fingerprint);
    this.byte(QUOTE);
    for (const key in f) {
      if (KNOWN_KEYS.has(key)) continue;
      const value = f[key];
      if (value === undefined) continue;
      this.bytes(keyFragment(key));
      this.string(JSON.stringify(value));
    }
    this.byte(CLOSE_BRACE);
    this.record();
  }

  /** The bytes of finding `i`, a view into its chunk. */
  bytesOf(i: number): Buffer {
    return this.chunks[this.chunkOf[i]!]!.subarray(this.startOf[i]!, this.endOf[i]!);
  }

  /** Copies finding `i` into `target` at `offset`; returns the offset after it. */
  copyTo(i: number, target: Buffer, offset: number): number {
    return offset + this.chunks[this.chunkOf[i]!]!.copy(target, offset, this.startOf[i]!, this.endOf[i]!);
  }

  byteLengthOf(i: number): number {
    return this.endOf[i]! - this.startOf[i]!;
  }

  private record(): void {
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

  private location(location: Finding['location']): void {
    const { file, line, path } = location;
    if (file === undefined || line === undefined || !hasUsualKeys(location)) {
      this.bytes(LOCATION_KEY);
      this.string(JSON.stringify(location));
      return;
    }
    this.bytes(fileFragment(file));
    this.ascii(String(line));
    if (path !== undefined) this.bytes(pathFragment(path));
    this.byte(CLOSE_BRACE);
  }

  private bytes(fragment: Buffer): void {
    if (this.pos + fragment.length > this.chunk.length) this.moveFinding(fragment.length);
    this.pos += fragment.copy(this.chunk, this.pos);
  }

  private string(text: string): void {
    if (this.pos + text.length * 3 > this.chunk.length) this.moveFinding(text.length * 3);
    this.pos += this.chunk.write(text, this.pos, 'utf8');
  }

  private ascii(text: string): void {
    if (this.pos + text.length > this.chunk.length) this.moveFinding(text.length);
    this.pos += this.chunk.write(text, this.pos, 'latin1');
  }

  private byte(value: number): void {
    if (this.pos + 1 > this.chunk.length) this.moveFinding(1);
    this.chunk[this.pos++] = value;
  }

  /** A finding outgrew its chunk: it moves, with what it has written so far, to a larger one. */
  private moveFinding(more: number): void {
    const written = this.chunk.subarray(this.start, this.pos);
    this.newChunk(written.length + more);
    this.pos = written.copy(this.chunk, 0);
  }

  /** Starts a chunk twice the size of the last (up to the maximum), and at least `atLeast` bytes. */
  private newChunk(atLeast: number): void {
    const size = Math.max(Math.min(this.chunk.length * 2, MAX_CHUNK_BYTES), atLeast + HEADROOM);
    this.chunk = Buffer.allocUnsafeSlow(size);
    this.chunks.push(this.chunk);
    this.pos = 0;
    this.start = 0;
  }
}

function grown(array: Uint32Array): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(array.length * 2);
  next.set(array);
  return next;
}

const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;
const LOCATION_KEY = Buffer.from(',"location":');

const KNOWN_KEYS = new Set(['check', 'code', 'severity', 'category', 'title', 'message', 'resource', 'location', 'frameworks', 'remediation', 'fingerprint']);

interface SharedFragments {
  source: Pick<Finding, 'code' | 'severity' | 'category' | 'title' | 'frameworks' | 'remediation'>;
  /** `{"check":…,"title":…,"message":` */
  head: Buffer;
  /** `,"frameworks":…,"remediation":…,"fingerprint":"` */
  tail: Buffer;
}

/** Caches stay bounded: a long-running process (webhook, operator) sees many files and paths. */
const CACHE_LIMIT = 10_000;

const fragments = new Map<string, SharedFragments>();
/** The fields every finding of a check shares, encoded once per check. */
function sharedFragments(f: Finding): SharedFragments {
  let shared = fragments.get(f.check);
  const s = shared?.source;
  // A severity override or an analyser's own finding may differ from the check's usual fields.
  if (shared === undefined || s!.code !== f.code || s!.severity !== f.severity || s!.category !== f.category || s!.title !== f.title || s!.frameworks !== f.frameworks || s!.remediation !== f.remediation) {
    shared = {
      source: { code: f.code, severity: f.severity, category: f.category, title: f.title, frameworks: f.frameworks, remediation: f.remediation },
      head: Buffer.from(
        `{"check":${JSON.stringify(f.check)},"code":${JSON.stringify(f.code)},"severity":${JSON.stringify(f.severity)}` +
          `,"category":${JSON.stringify(f.category)},"title":${JSON.stringify(f.title)},"message":`,
      ),
      tail: Buffer.from(`,"frameworks":${JSON.stringify(f.frameworks)},"remediation":${JSON.stringify(f.remediation)},"fingerprint":"`),
    };
    if (fragments.size < CACHE_LIMIT) fragments.set(f.check, shared);
  }
  return shared;
}

const resources = new WeakMap<object, Buffer>();
/** `,"resource":{…}`, once per resource object (the engine shares one per inventory entry). */
function resourceFragment(resource: Finding['resource']): Buffer {
  let encoded = resources.get(resource);
  if (encoded === undefined) resources.set(resource, (encoded = Buffer.from(`,"resource":${JSON.stringify(resource)}`)));
  return encoded;
}

const files = new Map<string, Buffer>();
const fileFragment = (file: string) => cached(files, file, () => `,"location":{"file":${JSON.stringify(file)},"line":`);
const paths = new Map<string, Buffer>();
const pathFragment = (path: string) => cached(paths, path, () => `,"path":${JSON.stringify(path)}`);
const keys = new Map<string, Buffer>();
const keyFragment = (key: string) => cached(keys, key, () => `,${JSON.stringify(key)}:`);

function cached(cache: Map<string, Buffer>, key: string, text: () => string): Buffer {
  let encoded = cache.get(key);
  if (encoded === undefined) {
    encoded = Buffer.from(text());
    if (cache.size < CACHE_LIMIT) cache.set(key, encoded);
  }
  return encoded;
}

const USUAL_LOCATION_KEYS = ['file', 'line', 'path'];
/** Keys exactly `file`, `line` and optionally `path`, in that order (so the text equals JSON.stringify's). */
function hasUsualKeys(location: Finding['location']): boolean {
  let i = 0;
  for (const key in location) if (key !== USUAL_LOCATION_KEYS[i++]) return false;
  return i >= 2;
}
