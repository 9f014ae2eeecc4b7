import { baseEcosystem, releaseOf } from '../image/version/index.js';
import type { AffectedEntry, EntryRanges } from '../image/vuln/match.js';
import type { OsvAffected, OsvRecord, OsvRange, OsvSeverity } from '../image/vuln/osv.js';
import type { Db } from './database.js';

/** The `spec` column: an affected entry's matching data, short keys (parsed for every candidate). */
interface EntrySpec {
  e: string;
  r: OsvRange[];
  v?: string[];
  s?: OsvSeverity[];
  u?: string;
}

/** The `info` column: the advisory's reporting data (parsed for matching entries only). */
interface EntryInfo {
  a: string[];
  S: OsvSeverity[];
  m?: string;
  w?: string;
}

/** A stored affected entry: ranges parsed, the advisory's fields still as stored text. */
export interface StoredEntry extends EntryRanges {
  packageSeverity?: OsvSeverity[];
  urgency?: string;
  info: string;
}

/** The full entry the matcher reports from (parses the `info` text). */
export function withInfo(entry: StoredEntry): AffectedEntry {
  const info = JSON.parse(entry.info) as EntryInfo;
  const full: AffectedEntry = {
    advisoryId: entry.advisoryId,
    ecosystem: entry.ecosystem,
    name: entry.name,
    ranges: entry.ranges,
    versions: entry.versions,
    aliases: info.a,
    severity: entry.packageSeverity ? [...entry.packageSeverity, ...info.S] : info.S,
  };
  if (entry.urgency !== undefined) full.urgency = entry.urgency;
  if (info.m !== undefined) full.summary = info.m;
  if (info.w !== undefined) full.withdrawn = info.w;
  return full;
}

export interface StoredAdvisory {
  record: OsvRecord;
  score?: { value: number; vector: string };
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** `baseEcosystem\0name` of every package whose advisories were added, changed or removed. */
  changedPackages: Set<string>;
}

export function packageKey(baseEcosystem: string, name: string): string {
  return `${baseEcosystem}\u0000${name}`;
}


/** The distro's or database's own rating: Debian's `urgency`, else a `severity` word (GitHub: LOW..CRITICAL). */
function urgencyOf(entry: OsvAffected, record: OsvRecord): string | undefined {
  const value = entry.ecosystemSpecific?.urgency ?? entry.databaseSpecific?.urgency ?? entry.databaseSpecific?.severity ?? record.databaseSpecific?.severity;
  return typeof value === 'string' ? value : undefined;
}

/** Advisory rows: inserts and replaces whole records, answers candidate lookups by package. */
export class AdvisoryStore {
  private readonly selectModified;
  private readonly selectAffectedKeys;
  private readonly deleteAdvisory;
  private readonly insertAdvisory;
  private readonly insertAffected;
  private readonly selectCandidates;

  constructor(readonly db: Db) {
    this.selectModified = db.prepare('SELECT modified FROM advisories WHERE id = ?').pluck();
    this.selectAffectedKeys = db.prepare('SELECT DISTINCT base_ecosystem, name FROM affected WHERE advisory_id = ?');
    this.deleteAdvisory = db.prepare('DELETE FROM advisories WHERE id = ?');
    this.insertAdvisory = db.prepare(
      `INSERT INTO advisories (id, modified, published, withdrawn, aliases, summary, severity, score, score_vector, feed, meta)
       VALUES (@id, @modified, @published, @withdrawn, @aliases, @summary, @severity, @score, @scoreVector, @feed, @meta)`,
    );
    this.insertAffected = db.prepare(
      `INSERT INTO affected (advisory_id, idx, base_ecosystem, release, name, spec, info) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectCandidates = db.prepare(
      `SELECT advisory_id, spec, info FROM affected WHERE base_ecosystem = ? AND name = ? AND release IN (?, '')`,
    ).raw(true);

  }

  /**
   * Stores records (one transaction per call); a record whose `modified` is unchanged is skipped.
   * Callers batch: a transaction per few thousand records keeps imports fast and memory flat.
   */
  upsert(advisories: Iterable<StoredAdvisory>, feed: string, result: UpsertResult, seen?: Set<string>): void {
    this.db.transaction(() => {
      for (const { record, score } of advisories) {
        seen?.add(record.id);
        const existing = this.selectModified.get(record.id) as string | undefined;
        if (existing !== undefined && existing === record.modified) {
          result.unchanged++;
          continue;
        }
        if (existing !== undefined) {
          for (const row of this.selectAffectedKeys.all(record.id) as Array<{ base_ecosystem: string; name: string }>) {
            result.changedPackages.add(packageKey(row.base_ecosystem, row.name));
          }
          this.deleteAdvisory.run(record.id);
          result.updated++;
        } else {
          result.inserted++;
        }
        const { affected, ...meta } = record;
        const aliasList = [...new Set([...record.aliases, ...record.upstream])].filter((a) => a !== record.id);
        const infoOf: EntryInfo = { a: aliasList, S: record.severity };
        if (record.summary !== undefined) infoOf.m = record.summary;
        if (record.withdrawn !== undefined) infoOf.w = record.withdrawn;
        const info = JSON.stringify(infoOf);
        this.insertAdvisory.run({
          id: record.id,
          modified: record.modified,
          published: record.published ?? null,
          withdrawn: record.withdrawn ?? null,
          aliases: JSON.stringify(aliasList),
          summary: record.summary ?? null,
          severity: JSON.stringify(record.severity),
          score: score?.value ?? null,
          scoreVector: score?.vector ?? null,
          feed,
          meta: JSON.stringify(meta),
        });
        for (const [idx, entry] of affected.entries()) {
          const base = baseEcosystem(entry.package.ecosystem);
          result.changedPackages.add(packageKey(base, entry.package.name));
          const urgency = urgencyOf(entry, record);
          const spec: EntrySpec = { e: entry.package.ecosystem, r: entry.ranges };
          if (entry.versions.length > 0) spec.v = entry.versions;
          if (entry.severity.length > 0) spec.s = entry.severity;
          if (urgency !== undefined) spec.u = urgency;
          this.insertAffected.run(record.id, idx, base, releaseOf(entry.package.ecosystem), entry.package.name, JSON.stringify(spec), info);
        }
      }
    })();
  }

  /** Removes a feed's records that its latest full export no longer contains. */
  removeMissing(feed: string, seen: Set<string>, result: UpsertResult): number {
    const ids = this.db.prepare('SELECT id FROM advisories WHERE feed = ?').pluck().all(feed) as string[];
    const gone = ids.filter((id) => !seen.has(id));
    this.db.transaction(() => {
      for (const id of gone) {
        for (const row of this.selectAffectedKeys.all(id) as Array<{ base_ecosystem: string; name: string }>) {
          result.changedPackages.add(packageKey(row.base_ecosystem, row.name));
        }
        this.deleteAdvisory.run(id);
      }
    })();
    return gone.length;
  }

  /**
   * Affected entries stored for a package: those of its release (`Debian:12`) and those without
   * a release (`Debian`): one seek in the package-clustered table; only the matching data is parsed.
   */
  candidates(baseEcosystem: string, name: string, ecosystem: string): StoredEntry[] {
    const rows = this.selectCandidates.all(baseEcosystem, name, releaseOf(ecosystem)) as Array<[string, string, string]>;
    return rows.map(([advisoryId, text, info]) => {
      const spec = JSON.parse(text) as EntrySpec;
      const entry: StoredEntry = { advisoryId, ecosystem: spec.e, name, ranges: spec.r, versions: spec.v ?? [], info };
      if (spec.s) entry.packageSeverity = spec.s;
      if (spec.u !== undefined) entry.urgency = spec.u;
      return entry;
    });
  }

  markFeedUpdated(ecosystem: string, at: Date, source: string, validators: { etag?: string; lastModified?: string } = {}): void {
    this.db
      .prepare(
        `INSERT INTO feeds (ecosystem, updated_at, source, etag, last_modified) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(ecosystem) DO UPDATE SET updated_at = excluded.updated_at, source = excluded.source,
           etag = excluded.etag, last_modified = excluded.last_modified`,
      )
      .run(ecosystem, at.toISOString(), source, validators.etag ?? null, validators.lastModified ?? null);
  }

  feed(ecosystem: string): { updatedAt: string; source?: string; etag?: string; lastModified?: string } | undefined {
    const row = this.db.prepare('SELECT updated_at, source, etag, last_modified FROM feeds WHERE ecosystem = ?').get(ecosystem) as
      | Record<string, string | null>
      | undefined;
    if (!row) return undefined;
    return {
      updatedAt: row.updated_at as string,
      ...(row.source ? { source: row.source } : {}),
      ...(row.etag ? { etag: row.etag } : {}),
      ...(row.last_modified ? { lastModified: row.last_modified } : {}),
    };
  }

  /** Per base ecosystem: advisory count, newest `modified`, and when the data was imported. */
  ecosystems(): Array<{ ecosystem: string; advisories: number; newestModified?: string; updatedAt?: string }> {
    const rows = this.db
      .prepare(
        `SELECT e.base_ecosystem AS ecosystem, COUNT(DISTINCT e.advisory_id) AS advisories, MAX(v.modified) AS newest, f.updated_at
           FROM affected e JOIN advisories v ON v.id = e.advisory_id LEFT JOIN feeds f ON f.ecosystem = e.base_ecosystem
          GROUP BY e.base_ecosystem ORDER BY e.base_ecosystem`,
      )
      .all() as Array<{ ecosystem: string; advisories: number; newest: string | null; updated_at: string | null }>;
    return rows.map((r) => ({
      ecosystem: r.ecosystem,
      advisories: r.advisories,
      ...(r.newest ? { newestModified: r.newest } : {}),
      ...(r.updated_at ? { updatedAt: r.updated_at } : {}),
    }));
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM advisories').pluck().get() as number;
  }
}

export function emptyUpsertResult(): UpsertResult {
  return { inserted: 0, updated: 0, unchanged: 0, changedPackages: new Set() };
}
