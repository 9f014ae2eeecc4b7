import type { Finding } from '../core/finding.js';

/** Chunks grow from small (a webhook's one-finding report) to large (a repository's). */
const FIRST_CHUNK_BYTES = 64 << 10;
const MAX_CHUNK_BYTES = 8 << 20;

/** Encoded findings: finding i is bytes [startOf[i], endOf[i]) of chunks[chunkOf[i]] (shared memory). */
export interface EncodedBytes {
  chunks: Uint8Array[];
  chunkOf: Uint32Array;
  startOf: Uint32Array;
  endOf: Uint32Array;
}

/**
 * Findings encoded as the bytes of their JSON text (exactly what JSON.stringify writes), each
 * finding contiguous in one of a few large chunks: no finding has to outlive its encoding as an
 * object, which keeps a large scan out of the garbage collector's old generation.
 */
export class FindingEncoder {
  /** Filled chunks, then the one being written; each finding's bytes lie in one of them. */
  readonly chunks: Buffer[] = [];
  private chunk: Buffer;
  private pos = 0;
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
    const text = findingJson(f);
    // One write of the whole text: V8 joins the pieces natively, far faster than copying each.
    if (this.chunk.length - this.pos < text.length * 3) this.newChunk(text.length * 3);
    const start = this.pos;
    // Nearly every finding is ASCII, which is its own Latin-1 encoding and copies without decoding.
    this.pos += NON_ASCII.test(text) ? this.chunk.write(text, this.pos, 'utf8') : this.chunk.write(text, this.pos, 'latin1');
    const i = this.count++;
    if (i === this.chunkOf.length) {
      this.chunkOf = grown(this.chunkOf);
      this.startOf = grown(this.startOf);
      this.endOf = grown(this.endOf);
    }
    this.chunkOf[i] = this.chunks.length - 1;
    this.startOf[i] = start;
    this.endOf[i] = this.pos;
  }

  /** The bytes of finding `i`, a view into its chunk. */
  bytesOf(i: number): Buffer {
    return this.chunks[this.chunkOf[i]!]!.subarray(this.startOf[i]!, this.endOf[i]!);
  }

  /** What was encoded, as plain arrays another thread can take over (the chunks are transferable). */
  encoded(): EncodedBytes {
    const n = this.count;
    return { chunks: this.chunks, chunkOf: this.chunkOf.subarray(0, n), startOf: this.startOf.subarray(0, n), endOf: this.endOf.subarray(0, n) };
  }

  /** Starts a chunk twice the size of the last (up to the maximum), and at least `atLeast` bytes. */
  private newChunk(atLeast: number): void {
    const size = Math.max(Math.min(this.chunk.length * 2, MAX_CHUNK_BYTES), atLeast);
    this.chunk = chunkMemory(size);
    this.chunks.push(this.chunk);
    this.pos = 0;
  }
}

const NON_ASCII = /[^\x00-\x7f]/;
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

const KNOWN_KEYS = new Set(['check', 'code', 'severity', 'category', 'title', 'message', 'resource', 'location', 'frameworks', 'remediation', 'fingerprint']);

/**
 * The text JSON.stringify gives for a finding. A report of hundreds of thousands of findings
 * is mostly the same fields over and over: those are encoded once per check, file or resource.
 */
export function findingJson(f: Finding): string {
  const shared = sharedFragments(f);
  let out = shared.head + JSON.stringify(f.message) + resourceFragment(f.resource) + locationJson(f.location) + shared.tail + f.fingerprint + '"';
  for (const key in f) {
    if (KNOWN_KEYS.has(key)) continue;
    const value = f[key];
    if (value === undefined) continue;
    out += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  return out + '}';
}

interface SharedFragments {
  source: Pick<Finding, 'code' | 'severity' | 'category' | 'title' | 'frameworks' | 'remediation'>;
  /** `{"check":…,"title":…,"message":` */
  head: string;
  /** `,"frameworks":…,"remediation":…,"fingerprint":"` */
  tail: string;
}

/** Caches stay bounded: a long-running process (webhook, operator) sees many files and checks. */
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
      head:
        `{"check":${JSON.stringify(f.check)},"code":${JSON.stringify(f.code)},"severity":${JSON.stringify(f.severity)}` +
        `,"category":${JSON.stringify(f.category)},"title":${JSON.stringify(f.title)},"message":`,
      tail: `,"frameworks":${JSON.stringify(f.frameworks)},"remediation":${JSON.stringify(f.remediation)},"fingerprint":"`,
    };
    if (fragments.size < CACHE_LIMIT) fragments.set(f.check, shared);
  }
  return shared;
}

/**
 * `,"resource":{…}`, once per run of findings about one resource object (the engine makes an
 * object's findings together and shares one reference among them). Only the last is kept: a
 * WeakMap of every resource would keep each one's text alive into the old generation.
 */
let lastResource: { resource: Finding['resource']; encoded: string } | undefined;
function resourceFragment(resource: Finding['resource']): string {
  if (lastResource?.resource !== resource) lastResource = { resource, encoded: `,"resource":${JSON.stringify(resource)}` };
  return lastResource.encoded;
}

const files = new Map<string, string>();
/** `,"location":{…}`: the usual `{file, line, path?}` with the file encoded once. */
function locationJson(location: Finding['location']): string {
  const { file, line, path } = location;
  if (file === undefined || line === undefined || !hasUsualKeys(location)) return `,"location":${JSON.stringify(location)}`;
  let head = files.get(file);
  if (head === undefined) {
    head = `,"location":{"file":${JSON.stringify(file)},"line":`;
    if (files.size < CACHE_LIMIT) files.set(file, head);
  }
  return path === undefined ? head + line + '}' : head + line + ',"path":' + JSON.stringify(path) + '}';
}

const USUAL_LOCATION_KEYS = ['file', 'line', 'path'];
/** Keys exactly `file`, `line` and optionally `path`, in that order (so the text equals JSON.stringify's). */
function hasUsualKeys(location: Finding['location']): boolean {
  let i = 0;
  for (const key in location) if (key !== USUAL_LOCATION_KEYS[i++]) return false;
  return i >= 2;
}
