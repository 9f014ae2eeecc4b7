import { createReadStream, existsSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract, type Header } from 'tar-stream';
import type { Analyzer } from '../analyzers/analyzer.js';
import { entryPath } from '../fs/image-path.js';
import { type LayerRecord, readLayer, STREAM_CHUNK } from '../fs/layer.js';
import {
  checkManifest,
  DEFAULT_PLATFORM,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  ImageFormatError,
  isIndex,
  parseJson,
  type Platform,
  type ReadImage,
  type ReadLayer,
  selectPlatform,
  verifyDigest,
  verifyLayer,
} from './manifest.js';

/** `docker save`'s manifest.json: one entry per image in the archive. */
interface SaveManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
const BLOB = /^\/blobs\/sha256\/([0-9a-f]{64})$/;

interface ArchiveContents {
  documents: Map<string, Buffer>;
  layers: Map<string, LayerRecord>;
}

interface ArchiveEntry extends AsyncIterable<Buffer> {
  header: Header;
  resume(): void;
}

async function readWhole(entry: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Tar and gzip-compressed tar both occur (`docker save | gzip`). */
async function openArchive(file: string): Promise<Readable> {
  const handle = createReadStream(file, { start: 0, end: 1 });
  const head = await readWhole(handle);
  const raw = createReadStream(file, { highWaterMark: STREAM_CHUNK });
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    raw.on('error', (e) => gunzip.destroy(e));
    return raw.pipe(gunzip);
  }
  return raw;
}

/**
 * One pass over the archive: small JSON documents are kept, layers are analysed as they stream
 * by, whatever order the archive stores them in. Which entries are layers is known for sure only
 * from manifest.json, often stored last, so every tar-looking entry is read as a layer.
 */
async function readArchive(file: string, analyzers: readonly Analyzer[]): Promise<ArchiveContents> {
  const documents = new Map<string, Buffer>();
  const layers = new Map<string, LayerRecord>();
  const extract = tarExtract();
  const flowing = pipeline(await openArchive(file), extract as unknown as NodeJS.WritableStream);
  try {
    for await (const raw of extract) {
      const entry = raw as unknown as ArchiveEntry;
      const path = entryPath(entry.header.name);
      const size = entry.header.size ?? 0;
      if (path === undefined || entry.header.type !== 'file') {
        entry.resume();
        continue;
      }
      // docker names layers <id>/layer.tar, skopeo <diff id hex>.tar, docker 25+ and oci-archive blobs/sha256/<hex>.
      const isLayerName = path.endsWith('.tar') || BLOB.test(path);
      if (!isLayerName) {
        if (size <= MAX_DOCUMENT_BYTES) documents.set(path, await readWhole(entry));
        else entry.resume();
        continue;
      }
      if (size <= MAX_DOCUMENT_BYTES) {
        const bytes = await readWhole(entry);
        if (bytes[0] === 0x7b /* { */) documents.set(path, bytes);
        else layers.set(path, await readLayer(Readable.from([bytes]), analyzers, `${file}:${path.slice(1)}`));
        continue;
      }
      layers.set(path, await readLayer(Readable.from(entry), analyzers, `${file}:${path.slice(1)}`));
    }
  } catch (error) {
    await flowing.catch(() => undefined);
    if (error instanceof ImageFormatError || (error instanceof Error && error.name === 'LayerError')) throw error;
    throw new ImageFormatError(`${file}: not a readable image archive (${error instanceof Error ? error.message : String(error)})`);
  }
  await flowing.catch((error: unknown) => {
    throw new ImageFormatError(`${file}: not a readable image archive (${error instanceof Error ? error.message : String(error)})`);
  });
  return { documents, layers };
}

/** The digest a path names, when it is content-addressed (`blobs/sha256/<hex>`, `<hex>.json`, `<hex>.tar`). */
function digestInName(path: string): string | undefined {
  const blob = BLOB.exec(path);
  if (blob) return `sha256:${blob[1]}`;
  const named = /^\/([0-9a-f]{64})\.(?:json|tar)$/.exec(path);
  return named ? `sha256:${named[1]}` : undefined;
}

function layerFrom(contents: ArchiveContents, name: string, file: string): LayerRecord {
  const path = entryPath(name);
  const record = path === undefined ? undefined : contents.layers.get(path);
  if (!record) throw new ImageFormatError(`${file}: layer ${name} named in the manifest is not in the archive`);
  return record;
}

/** Reads a `docker save` / `skopeo copy docker-archive:` tar, or an OCI layout packed in a tar (`oci-archive:`). */
export async function readDockerArchive(arg: string, analyzers: readonly Analyzer[], platform: Platform = DEFAULT_PLATFORM): Promise<ReadImage> {
  let file = arg;
  let tag: string | undefined;
  // FILE:TAG where the tag may itself hold colons (`app.tar:team/app:v1`): the file is the shortest prefix that exists.
  for (let cut = arg.indexOf(':'); !existsSync(file) && cut > 0; cut = arg.indexOf(':', cut + 1)) {
    if (existsSync(arg.slice(0, cut)) && statSync(arg.slice(0, cut)).isFile()) {
      file = arg.slice(0, cut);
      tag = arg.slice(cut + 1);
    }
  }
  if (!existsSync(file) || !statSync(file).isFile()) throw new ImageFormatError(`${file}: no such archive file`);
  const contents = await readArchive(file, analyzers);
  const saveManifest = contents.documents.get('/manifest.json');
  if (saveManifest) return fromDockerSave(file, tag, contents, parseJson<SaveManifestEntry[]>(saveManifest, `${file}:manifest.json`));
  const index = contents.documents.get('/index.json');
  if (index && contents.documents.has('/oci-layout')) return fromOciArchive(file, tag, contents, parseJson<ImageIndex>(index, `${file}:index.json`), platform);
  throw new ImageFormatError(`${file}: not an image archive (no manifest.json, no OCI index.json)`);
}

function fromDockerSave(file: string, tag: string | undefined, contents: ArchiveContents, manifest: SaveManifestEntry[]): ReadImage {
  if (!Array.isArray(manifest) || manifest.length === 0) throw new ImageFormatError(`${file}:manifest.json: lists no image`);
  const wanted = tag === undefined ? manifest[0] : manifest.find((m) => m.RepoTags?.some((t) => t === tag || t.endsWith(`:${tag}`)));
  if (!wanted) throw new ImageFormatError(`${file}: no image tagged "${tag}" (tags: ${manifest.flatMap((m) => m.RepoTags ?? []).join(', ') || 'none'})`);
  if (tag === undefined && manifest.length > 1) throw new ImageFormatError(`${file}: holds ${manifest.length} images; name one as ${file}:TAG`);
  if (typeof wanted.Config !== 'string' || !Array.isArray(wanted.Layers)) throw new ImageFormatError(`${file}:manifest.json: entry without Config or Layers`);
  const configPath = entryPath(wanted.Config);
  const configBytes = configPath === undefined ? undefined : contents.documents.get(configPath);
  if (!configBytes || configPath === undefined) throw new ImageFormatError(`${file}: config ${wanted.Config} is not in the archive`);
  const configDigest = digestInName(configPath);
  if (configDigest) verifyDigest(configBytes, configDigest, `${file}: image config`);
  const config = parseJson<ImageConfig>(configBytes, `${file}:${wanted.Config}`);
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== wanted.Layers.length) throw new ImageFormatError(`${file}: manifest lists ${wanted.Layers.length} layers, config ${diffIds.length}`);
  const layers: ReadLayer[] = wanted.Layers.map((name, i) => {
    const record = layerFrom(contents, name, file);
    const named = digestInName(entryPath(name) ?? '');
    // A content-addressed name is checked against the bytes; every layer against the config's diff ID.
    verifyLayer(record, { digest: named ?? record.blobDigest }, diffIds[i], file);
    return { digest: named ?? record.diffId, record };
  });
  return {
    source: 'archive',
    name: wanted.RepoTags?.[0] ? `${file} (${wanted.RepoTags[0]})` : file,
    ...(configDigest ? { manifestDigest: configDigest } : {}),
    annotations: {},
    config,
    layers,
    notes: configDigest ? ['docker save archives carry no registry manifest: the image is identified by its config digest (the image ID)'] : [],
  };
}

function fromOciArchive(file: string, tag: string | undefined, contents: ArchiveContents, index: ImageIndex, platform: Platform): ReadImage {
  const blob = (digest: string, what: string): Buffer => {
    const bytes = contents.documents.get(`/blobs/sha256/${digest.replace(/^sha256:/, '')}`);
    if (!bytes) throw new ImageFormatError(`${file}: ${what} ${digest} is not in the archive`);
    verifyDigest(bytes, digest, `${file}: ${what}`);
    return bytes;
  };
  const candidates = tag === undefined ? index.manifests : index.manifests.filter((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (!candidates?.length) throw new ImageFormatError(`${file}: no image${tag ? ` tagged "${tag}"` : ''} in index.json`);
  let descriptor = candidates.length === 1 ? candidates[0] : selectPlatform({ manifests: candidates }, platform, `${file}:index.json`);
  let doc = parseJson<ImageManifest & ImageIndex>(blob(descriptor.digest, 'manifest'), `${file}: manifest`);
  if (isIndex(doc)) {
    descriptor = selectPlatform(doc, platform, `${file}: image index`);
    doc = parseJson<ImageManifest & ImageIndex>(blob(descriptor.digest, 'manifest'), `${file}: manifest`);
  }
  checkManifest(doc, `${file}: manifest ${descriptor.digest}`);
  const config = parseJson<ImageConfig>(blob(doc.config.digest, 'image config'), `${file}: config`);
  const layers: ReadLayer[] = doc.layers.map((layer, i) => {
    const record = layerFrom(contents, `blobs/sha256/${layer.digest.replace(/^sha256:/, '')}`, file);
    verifyLayer(record, layer, config.rootfs?.diff_ids?.[i], file);
    return { digest: layer.digest, ...(layer.mediaType ? { mediaType: layer.mediaType } : {}), ...(layer.size !== undefined ? { size: layer.size } : {}), record };
  });
  return { source: 'archive', name: tag ? `${file}:${tag}` : file, manifestDigest: descriptor.digest, annotations: doc.annotations ?? {}, config, layers, notes: [] };
}
