import { createReadStream, existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Analyzer } from '../analyzers/analyzer.js';
import { readLayer, STREAM_CHUNK } from '../fs/layer.js';
import {
  checkManifest,
  DEFAULT_PLATFORM,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  ImageFormatError,
  inOrder,
  isIndex,
  parseJson,
  type Platform,
  type ReadImage,
  selectPlatform,
  verifyDigest,
  verifyLayer,
} from './manifest.js';

const REF_NAME = 'org.opencontainers.image.ref.name';
/** Manifests, indexes and configs are small; a huge one is hostile. */
const MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
const DIGEST = /^sha256:([0-9a-f]{64})$/;

/** `DIR[:tag]`: the directory is taken whole when it exists, so directories with a colon still work. */
export function parseLayoutArgument(arg: string): { dir: string; tag?: string } {
  if (existsSync(arg)) return { dir: arg };
  const cut = arg.lastIndexOf(':');
  if (cut > 0) return { dir: arg.slice(0, cut), tag: arg.slice(cut + 1) };
  return { dir: arg };
}

function blobPath(dir: string, digest: string, what: string): string {
  const match = DIGEST.exec(digest);
  if (!match) throw new ImageFormatError(`${what}: unsupported or malformed digest "${digest}" (only sha256 is accepted)`);
  return join(dir, 'blobs', 'sha256', match[1]);
}

async function readSmall(path: string, what: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    throw new ImageFormatError(`${what}: missing (${path})`);
  }
  try {
    const { size } = await handle.stat();
    if (size > MAX_DOCUMENT_BYTES) throw new ImageFormatError(`${what}: ${size} bytes is too large for a manifest or config`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function readBlob(dir: string, descriptor: Descriptor, what: string): Promise<Buffer> {
  const bytes = await readSmall(blobPath(dir, descriptor.digest, what), `${what} ${descriptor.digest}`);
  verifyDigest(bytes, descriptor.digest, what);
  return bytes;
}

/** Reads an image from an OCI image layout directory (`umoci`, `skopeo copy oci:`, `docker buildx --output type=oci`). */
export async function readOciLayout(arg: string, analyzers: readonly Analyzer[], platform: Platform = DEFAULT_PLATFORM): Promise<ReadImage> {
  const { dir, tag } = parseLayoutArgument(arg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ImageFormatError(`${dir}: not a directory`);
  const layoutFile = join(dir, 'oci-layout');
  if (!existsSync(layoutFile)) throw new ImageFormatError(`${dir}: not an OCI image layout (no oci-layout file)`);
  const index = parseJson<ImageIndex>(await readSmall(join(dir, 'index.json'), `${dir}/index.json`), `${dir}/index.json`);
  if (!Array.isArray(index.manifests)) throw new ImageFormatError(`${dir}/index.json: no manifests list`);

  const tagged = tag === undefined ? index.manifests : index.manifests.filter((m) => m.annotations?.[REF_NAME] === tag);
  const names = index.manifests.map((m) => m.annotations?.[REF_NAME]).filter((n): n is string => !!n);
  if (tagged.length === 0) {
    throw new ImageFormatError(`${dir}: no image tagged "${tag}" (tags: ${names.join(', ') || 'none'})`);
  }
  let descriptor: Descriptor;
  if (tagged.length === 1) descriptor = tagged[0];
  else if (tag === undefined && names.length > 1) throw new ImageFormatError(`${dir}: holds several images; name one as ${dir}:TAG (tags: ${names.join(', ')})`);
  else descriptor = selectPlatform({ manifests: tagged }, platform, `${dir}/index.json`);

  let doc = parseJson<ImageManifest & ImageIndex>(await readBlob(dir, descriptor, 'manifest'), `manifest ${descriptor.digest}`);
  if (isIndex(doc)) {
    descriptor = selectPlatform(doc, platform, `image index ${descriptor.digest}`);
    doc = parseJson<ImageManifest & ImageIndex>(await readBlob(dir, descriptor, 'manifest'), `manifest ${descriptor.digest}`);
  }
  const manifest: ImageManifest = doc;
  checkManifest(manifest, `manifest ${descriptor.digest}`);
  const config = parseJson<ImageConfig>(await readBlob(dir, manifest.config, 'image config'), `config ${manifest.config.digest}`);
  const diffIds = config.rootfs?.diff_ids;

  const layers = await inOrder(manifest.layers, 2, async (layer, i) => {
    const path = blobPath(dir, layer.digest, 'layer');
    if (!existsSync(path)) throw new ImageFormatError(`${dir}: layer blob ${layer.digest} is missing`);
    const record = await readLayer(createReadStream(path, { highWaterMark: STREAM_CHUNK }), analyzers, `layer ${layer.digest}`);
    verifyLayer(record, layer, diffIds?.[i], dir);
    return { digest: layer.digest, ...(layer.mediaType ? { mediaType: layer.mediaType } : {}), ...(layer.size !== undefined ? { size: layer.size } : {}), record };
  });
  return {
    source: 'oci',
    name: tag === undefined ? dir : `${dir}:${tag}`,
    manifestDigest: descriptor.digest,
    annotations: { ...(index.annotations ?? {}), ...(manifest.annotations ?? {}) },
    config,
    layers,
    notes: [],
  };
}
