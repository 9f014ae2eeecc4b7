import { AdvisoryStore, withInfo, type StoredEntry } from '../../store/advisories.js';
import { defaultDbPath, openDatabase, type Db } from '../../store/database.js';
import { InventoryStore } from '../../store/inventories.js';
import type { InstalledPackage } from '../package.js';
import { baseEcosystem } from '../version/index.js';
import { advisoryKey, affectingEntries, describeMatch, type VulnerabilityMatch } from './match.js';

/** The vulnerability database: advisories, stored image inventories and their match history. */
export interface VulnDb {
  path: string;
  db: Db;
  advisories: AdvisoryStore;
  inventories: InventoryStore;
  close(): void;
}

export function openVulnDb(path: string = defaultDbPath()): VulnDb {
  const db = openDatabase(path);
  return { path, db, advisories: new AdvisoryStore(db), inventories: new InventoryStore(db), close: () => db.close() };
}

/**
 * Matches packages against the stored advisories. Entries are fetched once per advisory key and
 * ecosystem (many binary packages share one source package); advisory fields are parsed for matches only.
 */
export function matchPackages(vdb: VulnDb, packages: InstalledPackage[]): VulnerabilityMatch[] {
  const entries = new Map<string, StoredEntry[]>();
  const matches: VulnerabilityMatch[] = [];
  for (const pkg of packages) {
    const key = advisoryKey(pkg);
    const cacheKey = `${pkg.ecosystem}\u0000${key.name}`;
    let candidates = entries.get(cacheKey);
    if (!candidates) entries.set(cacheKey, (candidates = vdb.advisories.candidates(key.base, key.name, pkg.ecosystem)));
    if (candidates.length === 0) continue;
    for (const { entry, fixed } of affectingEntries(pkg, candidates)) {
      const full = withInfo(entry);
      if (!full.withdrawn) matches.push(describeMatch(pkg, full, fixed));
    }
  }
  return matches;
}

export interface EcosystemStatus {
  ecosystem: string;
  advisories: number;
  newestModified?: string;
  updatedAt?: string;
  /** Milliseconds since the data was imported; undefined when never recorded. */
  ageMs?: number;
  stale: boolean;
}

/** Default staleness limit: a week, like Grype's default `max-allowed-built-age` is five days. */
export const DEFAULT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export function ecosystemStatus(vdb: VulnDb, now: Date, maxAgeMs = DEFAULT_MAX_AGE_MS): EcosystemStatus[] {
  return vdb.advisories.ecosystems().map((e) => {
    const ageMs = e.updatedAt ? now.getTime() - Date.parse(e.updatedAt) : undefined;
    return { ...e, ...(ageMs !== undefined ? { ageMs } : {}), stale: ageMs === undefined || ageMs > maxAgeMs };
  });
}

export function formatAge(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 1) return `${Math.max(0, Math.round(ms / 60_000))}m`;
  if (hours < 48) return `${Math.round(hours)}h`;
  return `${Math.round(hours / 24)}d`;
}

/**
 * Warnings for the ecosystems of the scanned packages whose data is older than the limit or
 * missing altogether: a clean result from stale data must not look like a clean image.
 */
export function freshnessWarnings(vdb: VulnDb, packages: InstalledPackage[], now: Date, maxAgeMs = DEFAULT_MAX_AGE_MS): string[] {
  const wanted = new Set(packages.map((p) => baseEcosystem(p.ecosystem)));
  const known = new Map(ecosystemStatus(vdb, now, maxAgeMs).map((s) => [s.ecosystem, s]));
  const warnings: string[] = [];
  for (const ecosystem of [...wanted].sort()) {
    const status = known.get(ecosystem);
    if (!status) warnings.push(`no vulnerability data for ${ecosystem}: run \`stockade db update\` (or \`db import\`)`);
    else if (status.stale) {
      warnings.push(
        status.ageMs === undefined
          ? `vulnerability data for ${ecosystem} has no recorded update time`
          : `vulnerability data for ${ecosystem} is ${formatAge(status.ageMs)} old (limit ${formatAge(maxAgeMs)}): run \`stockade db update\``,
      );
    }
  }
  return warnings;
}
