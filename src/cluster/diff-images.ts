/**
 * The vulnerabilities of the images a `stockade diff` would bring into the cluster: matched from
 * their stored inventories in the vulnerability database, or, when allowed, pulled (a few at a
 * time) and stored there for next time.
 */
import { oneLine } from '../core/errors.js';
import { SEVERITIES, severityRank, type Severity } from '../core/finding.js';
import { isImageInputError } from '../image/read.js';
import type { RegistryOptions } from '../image/registry/client.js';
import type { VulnDb } from '../image/vuln/index.js';
import type { NewImage, NewImageVulnerabilities } from './diff.js';
import { assessImage, type ImageVulnerabilities } from './image-vulns.js';

/** Vulnerabilities listed per new image, the most severe first (counts cover all of them). */
export const TOP_VULNERABILITIES = 5;

export interface CheckImagesOptions {
  /** How to reach registries to pull images the database has not stored; undefined: stored only. */
  registry?: RegistryOptions;
  /** Images pulled at once. */
  concurrency?: number;
  now: Date;
}

function emptyCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

/** An image's vulnerabilities as the diff shows them. */
export function summarise(assessed: ImageVulnerabilities): NewImageVulnerabilities {
  const bySeverity = emptyCounts();
  const seen = new Map<string, NewImageVulnerabilities['top'][number]>();
  for (const m of assessed.matches) {
    const key = `${m.id}\u0000${m.package.name}\u0000${m.package.version}`;
    if (seen.has(key)) continue;
    bySeverity[m.severity]++;
    seen.set(key, { id: m.id, severity: m.severity, package: m.package.name, installed: m.package.version, fixed: m.fixed ?? null, score: m.score ?? null });
  }
  const top = [...seen.values()].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || (b.score ?? -1) - (a.score ?? -1) || a.id.localeCompare(b.id));
  return { checked: true, digest: assessed.digest, source: assessed.source, total: seen.size, bySeverity, top: top.slice(0, TOP_VULNERABILITIES) };
}

export function notChecked(reason: string): NewImageVulnerabilities {
  return { checked: false, reason, total: 0, bySeverity: emptyCounts(), top: [] };
}

/** Runs `work` over the items, at most `limit` at once. */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Each new image with its vulnerabilities, or the reason they were not checked. */
export async function checkNewImages(vdb: VulnDb, images: readonly NewImage[], options: CheckImagesOptions): Promise<NewImage[]> {
  const out = images.map((image) => ({ ...image }));
  await forEachBounded(out, options.concurrency ?? 2, async (image) => {
    if (image.reference === undefined) {
      image.vulnerabilities = notChecked('not a valid image reference');
      return;
    }
    try {
      const assessed = await assessImage(vdb, image.reference, { ...(options.registry ? { registry: options.registry } : {}), now: options.now });
      image.vulnerabilities = assessed ? summarise(assessed) : notChecked('not in the vulnerability database (add --images to pull it)');
    } catch (error) {
      if (!isImageInputError(error)) throw error;
      image.vulnerabilities = notChecked(`cannot read the image: ${oneLine(error)}`);
    }
  });
  return out;
}
