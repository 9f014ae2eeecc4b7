import { baseEcosystem, releaseOf } from '../image/version/index.js';
import { flatRanges, type FlatRange } from '../image/vuln/match.js';
import type { OsvAffected, OsvRecord, OsvSeverity } from '../image/vuln/osv.js';
import type { Db } from './database.js';

/**
 * A candidate affected entry as stored, read as one text: the position of its package name in the
 * list asked for, then its `match` column, its advisory id (as JSON), its `severity` and `info`
 * columns, separated by `CANDIDATE_SEPARATOR`. One string per row instead of an array of columns:
 * better-sqlite3 builds row arrays element by element through V8's generic property path, and that
 * and a string per column were a fifth of reading the rows. `CandidateReader` takes the fields apart
 * on demand: the match of every candidate, the rest for matching entries only.
 */
export type CandidateRow = string;

/** Never inside a field: each is a number or a JSON text, and JSON escapes every control character. */
const CANDIDATE_SEPARATOR = '\u001f';

/** The position of a candidate's package name in the list asked for. */
export function candidatePosition(row: CandidateRow): number {
  let position = 0;
  for (let at = 0; ; at++) {
    const code = row.charCodeAt(at);
    if (code < 48 || code > 57) return position;
    position = position * 10 + code - 48;
  }
}

/** The fields of one candidate row at a time (reused from row to row: nothing allocated to find them). */
export class CandidateReader {
  private row = '';
  private readonly ends = new Int32Array(5);

  read(row: CandidateRow): this {
    this.row = row;
    let end = -1;
    for (let field = 0; field < 4; field++) this.ends[field] = end = row.indexOf(CANDIDATE_SEPARATOR, end + 1);
    this.ends[4] = row.length;
    return this;
  }

  private field(index: number): string {
    return this.row.slice(this.ends[index - 1] + 1, this.ends[index]);
  }

  /** The `match` column: the ecosystem as the record writes it (`Ubuntu:22.04:LTS`), flat ranges, versions listed. */
  match(): [ecosystem: string, ranges: FlatRange[], versions: string[]] {
    return JSON.parse(this.field(1)) as [string, FlatRange[], string[]];
  }

  /** The advisory id as stored in the row: the same text for the same advisory. */
  advisoryKey(): string {
    return this.field(2);
  }

  advisoryId(): string {
    return JSON.parse(this.field(2)) as string;
  }

  /** The `severity` column's text (see `severityList`). */
  severity(): string {
    return this.field(3);
  }

  /** The `info` column: the advisory's other names, its summary and the entry's urgency. */
  info(): [aliases: string[], summary: string | null, urgency: string | null] {
    return JSON.parse(this.field(4)) as [string[], string | null, string | null];
  }
}

/** The `severity` column as OSV's severity list. */
export function severityList(stored: string): OsvSeverity[] {
  const flat = JSON.parse(stored) as string[];
  const list: OsvSeverity[] = [];
  for (let i = 0; i < flat.length; i += 2) list.push({ type: flat[i], score: flat[i + 1] });
  return list;
}

/** A severity list as the `severity` column stores it: `[type, score, …]`. */
export function severityText(list: readonly OsvSeverity[]): string {
  const flat: string[] = [];
  for (const s of list) flat.push(s.type, s.score);
  return JSON.stringify(flat);
}

/**
 * The stored columns of one affected entry after its key (see the schema in database.ts). Flat JSON
 * lists: they parse several times faster than OSV's objects, and every candidate's are parsed.
 */
export type AffectedColumns = [match: string, severity: string, info: string, withdrawn: string | null];

/** An affected entry's stored columns, from its OSV fields and its advisory's. */
export function affectedColumns(
  entry: Pick<OsvAffected, 'package' | 'ranges' | 'versions' | 'severity'>,
  urgency: string | undefined,
  advisory: { aliases: string[]; summary?: string; withdrawn?: string; severity: readonly OsvSeverity[] },
): AffectedColumns {
  return [
    JSON.stringify([entry.package.ecosystem, flatRanges(entry.ranges), entry.versions]),
    severityText([...entry.severity, ...advisory.severity]),
    JSON.stringify([advisory.aliases, advisory.summary ?? null, urgency ?? null]),
    advisory.withdrawn ?? null,
  ];
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

/** Inserts one `affected` row: its key, then `AffectedColumns`. */
export const INSERT_AFFECTED = 'INSERT INTO affected (base_ecosystem, name, release, advisory_id, idx, match, severity, info, withdrawn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';

/** Page cache of a bulk import, in KiB. */
const BULK_CACHE_KIB = 128 * 1024;

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
    this.insertAffected = db.prepare(INSERT_AFFECTED);
    // One statement per ecosystem and release for a whole list of names (a JSON array walked by
    // json_each): CROSS JOIN keeps SQLite from scanning the table for each name instead.
    this.selectCandidates = db.prepare(
      `SELECT wanted.key || char(31) || a.match || char(31) || json_quote(a.advisory_id) || char(31) || a.severity || char(31) || a.info
         FROM json_each(?) AS wanted CROSS JOIN affected AS a
        WHERE a.base_ecosystem = ? AND a.name = wanted.value AND a.release IN (?, '') AND a.withdrawn IS NULL`,
    ).pluck();
  }

  /**
   * Stores records (one transaction per call); a record whose `modified` is unchanged is skipped.
   * Callers batch: a transaction per several thousand records keeps imports fast and memory flat.
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
        const aliases = [...new Set([...record.aliases, ...record.upstream])].filter((a) => a !== record.id);
        this.insertAdvisory.run({
          id: record.id,
          modified: record.modified,
          published: record.published ?? null,
          withdrawn: record.withdrawn ?? null,
          aliases: JSON.stringify(aliases),
          summary: record.summary ?? null,
          severity: JSON.stringify(record.severity),
          score: score?.value ?? null,
          scoreVector: score?.vector ?? null,
          feed,
          meta: JSON.stringify(meta),
        });
        const advisory = { aliases, summary: record.summary, withdrawn: record.withdrawn, severity: record.severity };
        for (const [idx, entry] of affected.entries()) {
          const base = baseEcosystem(entry.package.ecosystem);
          result.changedPackages.add(packageKey(base, entry.package.name));
          this.insertAffected.run(base, entry.package.name, releaseOf(entry.package.ecosystem), record.id, idx, ...affectedColumns(entry, urgencyOf(entry, record), advisory));
        }
      }
    })();
  }

  /**
   * Readies the connection for a large import and returns what undoes it: a page cache large enough
   * to hold the tables being written (the default 2 MB makes every insert into the
   * package-clustered table read its page from disk again).
   */
  beginBulkLoad(): () => void {
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${-BULK_CACHE_KIB}`);
    return () => {
      this.db.pragma(`cache_size = ${cacheSize}`);
    };
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
   * Affected entries stored for these package names in one ecosystem release, grouped by name in
   * the order asked: those of the release (`Debian:12`) and those without a release (`Debian`);
   * withdrawn advisories are left out. Each name is one seek in the package-clustered table.
   */
  candidates(baseEcosystem: string, release: string, names: readonly string[]): CandidateRow[] {
    return this.selectCandidates.all(JSON.stringify(names), baseEcosystem, release) as CandidateRow[];
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

  /** `ecosystem → updated_at` of every feed: when each ecosystem's data was last imported. */
  feedMarks(): Map<string, string> {
    const rows = this.db.prepare('SELECT ecosystem, updated_at FROM feeds').all() as { ecosystem: string; updated_at: string }[];
    return new Map(rows.map((r) => [r.ecosystem, r.updated_at]));
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
