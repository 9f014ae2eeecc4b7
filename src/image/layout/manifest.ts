import { createHash } from 'node:crypto';
import type { LayerRecord } from '../fs/layer.js';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ImageIndex {
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The parts of the OCI / Docker image config the scanner reports. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: { Labels?: Record<string, string> | null; Env?: string[] | null; Cmd?: string[] | null; Entrypoint?: string[] | null; User?: string };
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: HistoryEntry[];
}

/** A layer after reading: its descriptor and what it holds. */
export interface ReadLayer {
  digest: string;
  mediaType?: string;
  /** Compressed size as published, when known. */
  size?: number;
  record: LayerRecord;
}

/** Everything a source yields: what the image is (manifest, config) and each layer's record, in order. */
export interface ReadImage {
  source: 'registry' | 'oci' | 'archive' | 'rootfs';
  name: string;
  /** Digest of the image manifest, the image's identity in a registry. */
  manifestDigest?: string;
  annotations: Record<string, string>;
  config?: ImageConfig;
  layers: ReadLayer[];
  /** Things the reader could not do but the user should know. */
  notes: string[];
}

export class ImageFormatError extends Error {
  override name = 'ImageFormatError';
}

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

/** `linux/arm64/v8` → platform. */
export function parsePlatform(text: string): Platform {
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture) throw new ImageFormatError(`--platform "${text}": expected os/architecture[/variant], e.g. linux/amd64`);
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

export function isIndex(doc: { mediaType?: string; manifests?: unknown }): boolean {
  return doc.mediaType === MEDIA.ociIndex || doc.mediaType === MEDIA.dockerList || (doc.mediaType === undefined && Array.isArray(doc.manifests));
}

/** What a platform without a variant means (containerd's platforms.Normalize): arm64 is v8, arm is v7. */
const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7' };

function variantOf(p: Platform): string | undefined {
  return p.variant ?? DEFAULT_VARIANT[p.architecture];
}

/**
 * Picks the manifest for a platform from an index. An unstated variant means the architecture's
 * default one, on either side, so `linux/arm64` and `linux/arm64/v8` find each other.
 */
export function selectPlatform(index: ImageIndex, wanted: Platform, where: string): Descriptor {
  const candidates = index.manifests.filter((m) => m.platform && m.platform.os === wanted.os && m.platform.architecture === wanted.architecture);
  const exact = candidates.filter((m) => variantOf(m.platform!) === variantOf(wanted));
  // Architectures without variants (amd64 may list v2, v3 builds): take the first, as the order is the publisher's preference.
  const chosen = exact[0] ?? (wanted.variant === undefined && DEFAULT_VARIANT[wanted.architecture] === undefined ? candidates[0] : undefined);
  if (!chosen) {
    const offered = index.manifests.map((m) => (m.platform ? formatPlatform(m.platform) : 'unknown')).join(', ');
    throw new ImageFormatError(`${where}: no image for platform ${formatPlatform(wanted)} (offered: ${offered || 'none'})`);
  }
  return chosen;
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Refuses content whose digest is not the one it was asked for. Only sha256 is accepted. */
export function verifyDigest(bytes: Buffer, expected: string, what: string): void {
  if (!/^sha256:[0-9a-f]{64}$/.test(expected)) throw new ImageFormatError(`${what}: unsupported or malformed digest "${expected}" (only sha256 is accepted)`);
  const actual = sha256(bytes);
  if (actual !== expected) throw new ImageFormatError(`${what}: digest mismatch: expected ${expected}, got ${actual}`);
}

export function parseJson<T>(bytes: Buffer, what: string): T {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    if (value === null || typeof value !== 'object') throw new Error('not a JSON object');
    return value as T;
  } catch (error) {
    throw new ImageFormatError(`${what}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

export function checkManifest(manifest: ImageManifest, what: string): void {
  if (manifest.mediaType === MEDIA.dockerSchema1 || manifest.mediaType === MEDIA.dockerSchema1Signed || (manifest as { schemaVersion?: number }).schemaVersion === 1) {
    throw new ImageFormatError(`${what}: Docker schema 1 manifests are not supported (deprecated; re-push the image with a current client)`);
  }
  if (!manifest.config?.digest || !Array.isArray(manifest.layers) || manifest.layers.some((l) => typeof l?.digest !== 'string')) {
    throw new ImageFormatError(`${what}: not an image manifest (no config or layers)`);
  }
}

/**
 * Checks a layer read from a blob against the manifest and config: the received bytes must hash
 * to the blob digest, and the uncompressed tar to the config's diff ID.
 */
export function verifyLayer(record: LayerRecord, descriptor: Descriptor, diffId: string | undefined, what: string): void {
  if (record.blobDigest !== descriptor.digest) {
    throw new ImageFormatError(`${what}: layer ${descriptor.digest}: digest mismatch: content hashes to ${record.blobDigest}`);
  }
  if (diffId !== undefined && record.diffId !== diffId) {
    throw new ImageFormatError(`${what}: layer ${descriptor.digest}: uncompressed content hashes to ${record.diffId}, config says ${diffId}`);
  }
}

/** Runs tasks with at most `limit` in flight, results in input order. */
export async function inOrder<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
