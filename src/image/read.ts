import type { Analyzer } from './analyzers/analyzer.js';
import { ALL_ANALYZERS } from './analyzers/index.js';
import { LayerError } from './fs/layer.js';
import { readDockerArchive } from './layout/docker-archive.js';
import { DEFAULT_PLATFORM, ImageFormatError, type ReadImage } from './layout/manifest.js';
import { readOciLayout } from './layout/oci-layout.js';
import { readRootfs } from './layout/rootfs.js';
import { readRegistryImage, type RegistryOptions } from './registry/client.js';
import { RegistryError } from './registry/http.js';
import { ReferenceError } from './registry/reference.js';
import { type ImageInventory, inventoryOf } from './scan.js';

/** Where an image comes from: exactly one of a registry reference, OCI layout, archive or root filesystem. */
export type ImageTarget = { registry: string } | { oci: string } | { archive: string } | { rootfs: string };

export function describeTarget(target: ImageTarget): string {
  if ('registry' in target) return target.registry;
  if ('oci' in target) return `--oci ${target.oci}`;
  if ('archive' in target) return `--archive ${target.archive}`;
  return `--rootfs ${target.rootfs}`;
}

export async function readImage(target: ImageTarget, options: RegistryOptions = {}, analyzers: readonly Analyzer[] = ALL_ANALYZERS): Promise<ReadImage> {
  const platform = options.platform ?? DEFAULT_PLATFORM;
  if ('registry' in target) return readRegistryImage(target.registry, analyzers, options);
  if ('oci' in target) return readOciLayout(target.oci, analyzers, platform);
  if ('archive' in target) return readDockerArchive(target.archive, analyzers, platform);
  return readRootfs(target.rootfs, analyzers);
}

/** Reads an image and takes its inventory: the one call the CLI, the cluster scan and the benchmark make. */
export async function scanImage(target: ImageTarget, options: RegistryOptions = {}): Promise<ImageInventory> {
  return inventoryOf(await readImage(target, options));
}

/** Errors that mean "this image could not be read", as opposed to a bug: reported in one line. */
export function isImageInputError(error: unknown): error is Error {
  return error instanceof ImageFormatError || error instanceof RegistryError || error instanceof LayerError || error instanceof ReferenceError;
}
