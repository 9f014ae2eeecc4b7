import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

/** A tar entry for building test layers in memory: files by content, links by target. */
export type TestEntry =
  | { name: string; content: string | Buffer; mode?: number }
  | { name: string; dir: true }
  | { name: string; symlink: string }
  | { name: string; hardlink: string };

/** Packs entries into a tar, exactly as named (hostile names included). */
export async function tarOf(entries: TestEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const entry of entries) {
    if ('content' in entry) {
      const body = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content);
      pack.entry({ name: entry.name, size: body.length, mode: entry.mode ?? 0o644 }, body);
    } else if ('dir' in entry) {
      pack.entry({ name: entry.name, type: 'directory', mode: 0o755 });
    } else if ('symlink' in entry) {
      pack.entry({ name: entry.name, type: 'symlink', linkname: entry.symlink });
    } else {
      pack.entry({ name: entry.name, type: 'link', linkname: entry.hardlink });
    }
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function gzipTarOf(entries: TestEntry[]): Promise<Buffer> {
  return gzipSync(await tarOf(entries));
}

export function streamOf(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}

export const DEBIAN_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n';

export function dpkgStanza(name: string, version: string, extra = ''): string {
  return `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n${extra}Description: test\n long text\n\n`;
}

function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A small image in memory: every blob by digest, the manifest, and (when several platforms) an index. */
export interface TestImageBlobs {
  blobs: Map<string, Buffer>;
  manifest: Buffer;
  manifestDigest: string;
  config: Buffer;
  configDigest: string;
  /** Uncompressed layer tars, in order (what docker save writes). */
  layerTars: Buffer[];
  layerDigests: string[];
}

export interface TestImageSpec {
  layers: TestEntry[][];
  labels?: Record<string, string>;
  architecture?: string;
  /** Docker v2 schema 2 media types instead of OCI ones. */
  docker?: boolean;
  annotations?: Record<string, string>;
}

export async function buildTestImage(spec: TestImageSpec): Promise<TestImageBlobs> {
  const blobs = new Map<string, Buffer>();
  const layerTars: Buffer[] = [];
  const layerDigests: string[] = [];
  const layerDescriptors = [];
  for (const entries of spec.layers) {
    const plain = await tarOf(entries);
    const gz = gzipSync(plain);
    layerTars.push(plain);
    const digest = digestOf(gz);
    layerDigests.push(digest);
    blobs.set(digest, gz);
    layerDescriptors.push({
      mediaType: spec.docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest,
      size: gz.length,
    });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: spec.architecture ?? 'amd64',
      os: 'linux',
      created: '2024-05-01T00:00:00Z',
      config: { Labels: spec.labels ?? {} },
      rootfs: { type: 'layers', diff_ids: layerTars.map(digestOf) },
      history: spec.layers.map((_, i) => ({ created: '2024-05-01T00:00:00Z', created_by: `step ${i + 1}` })),
    }),
  );
  const configDigest = digestOf(config);
  blobs.set(configDigest, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: spec.docker ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: spec.docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: layerDescriptors,
      ...(spec.annotations ? { annotations: spec.annotations } : {}),
    }),
  );
  const manifestDigest = digestOf(manifest);
  blobs.set(manifestDigest, manifest);
  return { blobs, manifest, manifestDigest, config, configDigest, layerTars, layerDigests };
}

/** An image index over several single-platform images. */
export function indexOf(images: { image: TestImageBlobs; architecture: string }[], docker = false): { index: Buffer; digest: string } {
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: docker ? 'application/vnd.docker.distribution.manifest.list.v2+json' : 'application/vnd.oci.image.index.v1+json',
      manifests: images.map(({ image, architecture }) => ({
        mediaType: docker ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/vnd.oci.image.manifest.v1+json',
        digest: image.manifestDigest,
        size: image.manifest.length,
        platform: { os: 'linux', architecture },
      })),
    }),
  );
  return { index, digest: digestOf(index) };
}

export const ALPINE_OS_RELEASE = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n';
