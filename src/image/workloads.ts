import { fingerprintOf, type Finding, type FindingLocation, type ResourceRef } from '../core/finding.js';
import type { Inventory, InventoryEntry } from '../core/inventory.js';
import { refOf } from '../core/k8s/object.js';
import { formatPath, type FieldPath } from '../core/path.js';
import { formatReference, parseReference } from './registry/reference.js';

/** One container's image in one workload. */
export interface ImageUse {
  entry: InventoryEntry;
  resource: ResourceRef;
  container: string;
  /** Field path of the container's `image`. */
  path: FieldPath;
  /** The image as written in the manifest. */
  written: string;
  /** The same image, Docker's defaults applied (`nginx` → `docker.io/library/nginx:latest`): the scan key. */
  image: string;
}

/** Every container image of every workload; images that do not parse as references are returned apart. */
export function imageUses(inventory: Inventory): { uses: ImageUse[]; invalid: { use: Omit<ImageUse, 'image'>; problem: string }[] } {
  const uses: ImageUse[] = [];
  const invalid: { use: Omit<ImageUse, 'image'>; problem: string }[] = [];
  for (const { entry, workload } of inventory.workloads()) {
    for (const ref of workload.containers) {
      const written = ref.container.image;
      if (typeof written !== 'string' || written === '') continue;
      const use = { entry, resource: refOf(entry.object), container: ref.name, path: [...ref.path, 'image'], written };
      try {
        uses.push({ ...use, image: formatReference(parseReference(written)) });
      } catch (error) {
        invalid.push({ use, problem: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { uses, invalid };
}

/** The distinct images to scan, in first-use order: each is scanned once however many workloads run it. */
export function distinctImages(uses: readonly ImageUse[]): string[] {
  return [...new Set(uses.map((u) => u.image))];
}

/**
 * Attaches each image's findings to every workload container that runs the image: the finding
 * names the workload and points at the container's `image` field, and its fingerprint is the
 * workload's, so exceptions and baselines work per workload.
 */
export function findingsForWorkloads(
  uses: readonly ImageUse[],
  findingsByImage: ReadonlyMap<string, readonly Finding[]>,
  /** File and line of a use; the loader resolves field lines, the document start serves otherwise. */
  where: (use: ImageUse) => Pick<FindingLocation, 'file' | 'line' | 'rendered'> = (use) => ({ file: use.entry.origin.file, line: use.entry.origin.line }),
): Finding[] {
  const out: Finding[] = [];
  for (const use of uses) {
    for (const finding of findingsByImage.get(use.image) ?? []) {
      const path = formatPath(use.path);
      const vulnerability = finding.vulnerability as { id?: string; package?: string; installed?: string } | undefined;
      out.push({
        ...finding,
        resource: use.resource,
        container: use.container,
        location: { ...where(use), path },
        message: `${finding.message} (image ${use.written} of container "${use.container}")`,
        image: use.written,
        // Where in the image the package was found (`/var/lib/dpkg/status`).
        ...(finding.location.file ? { packageFile: finding.location.file } : {}),
        fingerprint: fingerprintOf({
          check: finding.check,
          resource: use.resource,
          path,
          container: use.container,
          discriminator: vulnerability ? `${vulnerability.id}|${vulnerability.package}|${vulnerability.installed}` : finding.fingerprint,
        }),
      });
    }
  }
  return out;
}
