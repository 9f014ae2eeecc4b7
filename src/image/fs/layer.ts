import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract, type Header } from 'tar-stream';
import type { Analyzer, FileAnalysis, FileInfo } from '../analyzers/analyzer.js';
import { baseName, entryPath, parentOf } from './image-path.js';

export type EntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

/** One change a layer makes, in tar order. Whiteouts are kept apart: they act on lower layers only. */
export interface LayerEntry {
  path: string;
  kind: EntryKind;
  /** Symlink target as written; hardlink target as an image path. */
  linkTarget?: string;
  analysis?: FileAnalysis;
}

/** What one layer contributes, independent of the other layers (so layers can be read in any order). */
export interface LayerRecord {
  entries: LayerEntry[];
  /** Paths removed from lower layers (`.wh.name`). */
  whiteouts: string[];
  /** Directories whose lower-layer contents are hidden (`.wh..wh..opq`). */
  opaqueDirs: string[];
  /** Entries refused or skipped, each one line. */
  problems: string[];
  /** sha256 of the uncompressed tar: the layer's diff ID. */
  diffId: string;
  /** sha256 of the bytes as received (the blob digest for a compressed layer). */
  blobDigest: string;
  /** Bytes of the uncompressed tar. */
  size: number;
}

export class LayerError extends Error {
  override name = 'LayerError';
}

/** Large chunks halve the cost of gunzip and tar parsing compared with node's 16 kB default. */
export const STREAM_CHUNK = 1024 * 1024;
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';

/**
 * Hashes the bytes flowing through it. With `coalesce`, passes them on in pieces of at least that
 * many bytes: a registry's TLS socket delivers 16 kB reads, and gunzip pays per piece (each one is
 * a round trip to the thread pool), which cost a third more CPU than the same layer in 1 MB pieces.
 */
class Digesting extends Transform {
  readonly hash: Hash = createHash('sha256');
  bytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  constructor(private readonly coalesce = 0) {
    super({ highWaterMark: STREAM_CHUNK });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.coalesce === 0 || (this.pendingBytes === 0 && chunk.length >= this.coalesce)) return done(null, chunk);
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= this.coalesce) this.release();
    done();
  }
  override _flush(done: TransformCallback): void {
    if (this.pendingBytes > 0) this.release();
    done();
  }
  private release(): void {
    const piece = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.push(piece);
  }
}

/** The decompressor a layer's first bytes call for: gzip, or none for a plain tar; zstd is refused. */
function decompressorFor(head: Buffer, label: string): Transform | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return createGunzip({ chunkSize: 256 * 1024 });
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) {
    throw new LayerError(`${label}: zstd-compressed layer; this Node.js has no zstd decoder (supported: uncompressed and gzip layers)`);
  }
  return undefined;
}

/** Reads the first bytes of a stream without consuming them. */
async function peek(stream: Readable, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= bytes) break;
      continue;
    }
    if (stream.readableEnded || stream.destroyed) break;
    await new Promise<void>((resolve, reject) => {
      const settle = () => {
        stream.off('readable', settle);
        stream.off('end', settle);
        stream.off('error', fail);
        resolve();
      };
      const fail = (error: Error) => {
        stream.off('readable', settle);
        stream.off('end', settle);
        reject(error);
      };
      stream.once('readable', settle);
      stream.once('end', settle);
      stream.once('error', fail);
    });
  }
  const head = Buffer.concat(chunks);
  if (head.length > 0) stream.unshift(head);
  return head;
}

function kindOf(type: Header['type'] | undefined): EntryKind {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/**
 * Streams one layer tar (uncompressed or gzip), handing wanted regular files to the analysers.
 * Nothing is written to disk and no link is followed: links are recorded for the merged view.
 * `label` names the layer in messages.
 */
export async function readLayer(blob: Readable, analyzers: readonly Analyzer[], label: string): Promise<LayerRecord> {
  const received = new Digesting(STREAM_CHUNK);
  const plain = new Digesting();
  const record: LayerRecord = { entries: [], whiteouts: [], opaqueDirs: [], problems: [], diffId: '', blobDigest: '', size: 0 };
  blob.pipe(received);
  blob.on('error', (error) => received.destroy(error));
  let decompressor: Transform | undefined;
  try {
    decompressor = decompressorFor(await peek(received, 4), label);
  } catch (error) {
    // Nobody will read the rest: release the source (a socket, a file) now.
    blob.destroy();
    received.destroy();
    throw error;
  }
  const extract = tarExtract();
  // tar-stream's streams are streamx streams, which node's pipeline drives like its own.
  const sink = extract as unknown as NodeJS.WritableStream;
  // An uncompressed layer is its own tar: one hash serves as blob digest and diff ID.
  const flowing = (decompressor ? pipeline(received, decompressor, plain, sink) : pipeline(received, sink)).catch((error: unknown) => {
    throw new LayerError(`${label}: ${describeStreamError(error)}`);
  });
  try {
    for await (const entry of extract) {
      await readEntry(entry as unknown as TarEntry, analyzers, record);
    }
  } catch (error) {
    blob.destroy();
    await flowing.catch(() => undefined);
    throw error instanceof LayerError ? error : new LayerError(`${label}: ${describeStreamError(error)}`);
  }
  await flowing;
  record.blobDigest = `sha256:${received.hash.digest('hex')}`;
  record.diffId = decompressor ? `sha256:${plain.hash.digest('hex')}` : record.blobDigest;
  record.size = decompressor ? plain.bytes : received.bytes;
  return record;
}

function describeStreamError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/incorrect header check|invalid|unexpected end|Z_/i.test(message)) return `not a readable layer (${message})`;
  return message;
}

/** An entry as tar-stream yields it: its header and a readable body. */
interface TarEntry extends AsyncIterable<Buffer> {
  header: Header;
  resume(): void;
}

async function readEntry(entry: TarEntry, analyzers: readonly Analyzer[], record: LayerRecord): Promise<void> {
  const header = entry.header;
  const kind = kindOf(header.type);
  const path = entryPath(header.name);
  if (path === undefined) {
    record.problems.push(`entry "${header.name}" escapes the image root; ignored`);
    entry.resume();
    return;
  }
  if (path === '/') {
    entry.resume();
    return;
  }
  const name = baseName(path);
  if (name === OPAQUE_MARKER) {
    record.opaqueDirs.push(parentOf(path));
    entry.resume();
    return;
  }
  if (name.startsWith(WHITEOUT_PREFIX)) {
    const parent = parentOf(path);
    record.whiteouts.push(parent === '/' ? `/${name.slice(WHITEOUT_PREFIX.length)}` : `${parent}/${name.slice(WHITEOUT_PREFIX.length)}`);
    entry.resume();
    return;
  }
  const layerEntry: LayerEntry = { path, kind };
  if (kind === 'symlink') layerEntry.linkTarget = header.linkname ?? '';
  if (kind === 'hardlink') {
    const target = entryPath(header.linkname ?? '');
    if (target === undefined) {
      record.problems.push(`hard link "${header.name}" points outside the image ("${header.linkname}"); ignored`);
      entry.resume();
      return;
    }
    layerEntry.linkTarget = target;
  }
  if (kind === 'file') {
    const file = { path, size: header.size ?? 0, mode: header.mode ?? 0 };
    const wanting = analyzers.filter((a) => a.wants(file));
    if (wanting.length > 0) {
      const { analysis, problem } = await analyseStream(wanting, file, entry);
      if (analysis) layerEntry.analysis = analysis;
      if (problem) record.problems.push(problem);
    }
  }
  entry.resume();
  record.entries.push(layerEntry);
}

/**
 * Runs every interested analyser on one file as its bytes stream by: scanners see each chunk,
 * whole-file analysers get one buffer sized from the known file size (skipped, with a problem
 * line, above their limit). An analyser that throws on hostile bytes leaves a note, not a crash.
 */
export async function analyseStream(
  analyzers: readonly Analyzer[],
  file: FileInfo,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<{ analysis?: FileAnalysis; problem?: string }> {
  const buffering = analyzers.filter((a) => a.analyze && file.size <= a.maxBytes);
  const tooLarge = analyzers.filter((a) => a.analyze && file.size > a.maxBytes);
  const scanners = analyzers.filter((a) => a.scanner).map((a) => a.scanner!(file));
  const buffer = buffering.length > 0 ? Buffer.allocUnsafe(file.size) : undefined;
  let length = 0;
  // Leaving the loop early would destroy the entry and with it the archive: the rest is drained.
  for await (const chunk of chunks) {
    if (buffer && length + chunk.length <= file.size) chunk.copy(buffer, length);
    length += chunk.length;
    for (const scanner of scanners) if (!scanner.done) scanner.push(chunk);
  }
  const results: FileAnalysis[] = scanners.map((s) => s.result());
  if (buffer && length === file.size) {
    for (const analyzer of buffering) {
      try {
        results.push(await analyzer.analyze!(file, buffer));
      } catch (error) {
        results.push({ notes: [`${file.path}: ${analyzer.name} could not read it: ${error instanceof Error ? error.message : String(error)}`] });
      }
    }
  }
  const merged: FileAnalysis = {};
  for (const result of results) {
    if (result.os) merged.os = result.os;
    if (result.packages?.length) (merged.packages ??= []).push(...result.packages);
    if (result.notes?.length) (merged.notes ??= []).push(...result.notes);
  }
  const problem = tooLarge.length > 0 ? `${file.path}: larger than ${Math.max(...tooLarge.map((a) => a.maxBytes))} bytes; not analysed` : undefined;
  return { ...(merged.os || merged.packages || merged.notes ? { analysis: merged } : {}), ...(problem ? { problem } : {}) };
}
