import type { MatchRecord } from '../../store/inventories.js';
import type { InstalledPackage } from '../package.js';
import { advisoryKey, type VulnerabilityMatch } from './match.js';
import { matchPackages, type VulnDb } from './vuln-db.js';

export interface ImageRescan {
  digest: string;
  reference: string;
  /** Every current match of the re-matched packages. */
  matches: VulnerabilityMatch[];
  /** Matches that were not there at the previous match of this image. */
  newlyAffected: VulnerabilityMatch[];
  /** Previous matches that no longer apply (advisory withdrawn or changed). */
  noLongerAffected: MatchRecord[];
  /** Packages re-matched (all of the image's, or those whose advisories changed). */
  packagesMatched: number;
}

function recordOf(m: VulnerabilityMatch): MatchRecord {
  return { advisoryId: m.id, package: m.package.name, installed: m.package.version, ...(m.fixed ? { fixed: m.fixed } : {}) };
}

function sameMatch(m: VulnerabilityMatch, r: MatchRecord): boolean {
  return m.id === r.advisoryId && m.package.name === r.package && m.package.version === r.installed;
}

/** Stores an image's package inventory and its current matches (the baseline for later rescans). */
export function storeImageInventory(
  vdb: VulnDb,
  image: { digest: string; reference: string; os?: string },
  packages: InstalledPackage[],
  now: Date,
): ImageRescan {
  vdb.inventories.save(image, packages, now);
  return rematch(vdb, image.digest, now);
}

function rematch(vdb: VulnDb, digest: string, now: Date, onlyKeys?: Set<string>): ImageRescan {
  const image = vdb.inventories.image(digest);
  if (!image) throw new Error(`no stored inventory for image ${digest}`);
  let packages = vdb.inventories.packages(digest);
  let scope: Set<string> | undefined;
  if (onlyKeys) {
    packages = packages.filter((p) => {
      const key = advisoryKey(p);
      return onlyKeys.has(`${key.base}\u0000${key.name}`);
    });
    scope = new Set(packages.map((p) => p.name));
  }
  const matches = matchPackages(vdb, packages);
  const changes = vdb.inventories.recordMatches(digest, matches.map(recordOf), now, scope);
  return {
    digest,
    reference: image.reference,
    matches,
    newlyAffected: matches.filter((m) => changes.added.some((r) => sameMatch(m, r))),
    noLongerAffected: changes.removed,
    packagesMatched: packages.length,
  };
}

/** Re-matches stored inventories (all, or the given digests) against the current database. */
export function rescanImages(vdb: VulnDb, now: Date, digests?: string[]): ImageRescan[] {
  const targets = digests ?? vdb.inventories.images().map((i) => i.digest);
  return targets.map((digest) => rematch(vdb, digest, now));
}

/**
 * After a database update: re-matches only the stored packages whose advisories changed
 * (`baseEcosystem\0name` keys from the import), in only the images that hold them.
 */
export function rescanChanged(vdb: VulnDb, changedPackages: Set<string>, now: Date): ImageRescan[] {
  if (changedPackages.size === 0) return [];
  const images = vdb.inventories.imagesWithPackages(changedPackages);
  return [...images.keys()].sort().map((digest) => rematch(vdb, digest, now, changedPackages));
}
