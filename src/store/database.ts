import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../core/errors.js';
import type { OsvRange, OsvSeverity } from '../image/vuln/osv.js';
import { affectedColumns, INSERT_AFFECTED } from './advisories.js';

export type Db = Database.Database;

/**
 * Where the database lives unless `--db` says otherwise: the user's data directory
 * (`$XDG_DATA_HOME/stockade/stockade.db`, else `~/.local/share/stockade/stockade.db`).
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(env.HOME ?? homedir(), '.local', 'share');
  return join(dataHome, 'stockade', 'stockade.db');
}

/**
 * Each entry upgrades the schema by one version (`PRAGMA user_version`), inside one transaction:
 * SQL, or a function where rows must be converted. Entries are never edited once released, only
 * appended; tests build databases of older versions from them.
 */
export const MIGRATIONS: ReadonlyArray<string | ((db: Db) => void)> = [
  `
  CREATE TABLE advisories (
    id TEXT PRIMARY KEY,
    modified TEXT NOT NULL,
    published TEXT,
    withdrawn TEXT,
    aliases TEXT NOT NULL,          -- JSON list: aliases and upstream ids
    summary TEXT,
    severity TEXT NOT NULL,         -- JSON list of {type, score} (CVSS vectors)
    score REAL,                     -- computed CVSS base score (highest version present)
    score_vector TEXT,
    feed TEXT NOT NULL,             -- the export it came from (an ecosystem, or "import")
    meta TEXT NOT NULL              -- JSON: the record without "affected" (details, references, ...)
  );
  -- Clustered by package: all entries for one package are one B-tree seek away (WITHOUT ROWID).
  CREATE TABLE affected (
    base_ecosystem TEXT NOT NULL,   -- "Debian"
    name TEXT NOT NULL,
    release TEXT NOT NULL,          -- "12", or "" when the entry applies to every release
    advisory_id TEXT NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,           -- position in the record's "affected" list
    -- What version matching needs, one JSON object parsed for every candidate:
    -- {"e": ecosystem as written, "r": ranges, "v": versions, "s": per-package severity, "u": urgency}
    spec TEXT NOT NULL,
    -- What reporting needs, parsed for matching entries only: {"a": aliases, "S": advisory severity,
    -- "m": summary, "w": withdrawn}
    info TEXT NOT NULL,
    PRIMARY KEY (base_ecosystem, name, release, advisory_id, idx)
  ) WITHOUT ROWID;
  CREATE INDEX affected_by_advisory ON affected(advisory_id);
  CREATE TABLE feeds (
    ecosystem TEXT PRIMARY KEY,     -- base ecosystem
    updated_at TEXT NOT NULL,       -- when its data was last imported
    source TEXT,
    etag TEXT,
    last_modified TEXT
  );
  CREATE TABLE images (
    digest TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    os TEXT,
    scanned_at TEXT NOT NULL,
    matched_at TEXT
  );
  CREATE TABLE image_packages (
    digest TEXT NOT NULL REFERENCES images(digest) ON DELETE CASCADE,
    ecosystem TEXT NOT NULL,
    base_ecosystem TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_version TEXT NOT NULL,
    purl TEXT NOT NULL,
    found_in TEXT NOT NULL,
    layer_digest TEXT,
    arch TEXT
  );
  CREATE INDEX image_packages_by_image ON image_packages(digest);
  CREATE INDEX image_packages_by_source ON image_packages(base_ecosystem, source_name);
  CREATE INDEX image_packages_by_name ON image_packages(base_ecosystem, name);
  CREATE TABLE image_matches (
    digest TEXT NOT NULL REFERENCES images(digest) ON DELETE CASCADE,
    advisory_id TEXT NOT NULL,
    package TEXT NOT NULL,
    installed TEXT NOT NULL,
    fixed TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (digest, advisory_id, package, installed)
  );
  `,
  convertAffectedToColumns,
];

/**
 * Schema 2: an affected entry's matching and reporting data as flat JSON lists instead of JSON
 * objects (matching parses them for every candidate, and parsing objects was most of its time);
 * withdrawn advisories become a column the candidate query filters on.
 */
function convertAffectedToColumns(db: Db): void {
  db.exec(`
  CREATE TABLE affected_v2 (
    base_ecosystem TEXT NOT NULL,   -- "Debian"
    name TEXT NOT NULL,
    release TEXT NOT NULL,          -- "12", or "" when the entry applies to every release
    advisory_id TEXT NOT NULL REFERENCES advisories(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,           -- position in the record's "affected" list
    -- What version matching needs, parsed for every candidate: JSON [ecosystem as written,
    -- flat ranges [[type, kind, version, ...], ...] (ECOSYSTEM and SEMVER only), versions listed]
    match TEXT NOT NULL,
    -- What reporting needs, parsed for matching entries only: JSON [type, score, ...] of the
    -- entry's own severity then the advisory's; JSON [aliases, summary, urgency]
    severity TEXT NOT NULL,
    info TEXT NOT NULL,
    withdrawn TEXT,                 -- the advisory's: withdrawn entries are never candidates
    PRIMARY KEY (base_ecosystem, name, release, advisory_id, idx)
  ) WITHOUT ROWID;
  `);
  const insert = db.prepare(INSERT_AFFECTED.replace('INTO affected ', 'INTO affected_v2 '));
  type OldSpec = { e: string; r: OsvRange[]; v?: string[]; s?: OsvSeverity[]; u?: string };
  type OldInfo = { a: string[]; S: OsvSeverity[]; m?: string; w?: string };
  type OldRow = [string, string, string, string, number, string, string];
  // Pages in key order: a statement cannot write while another one's rows are being read.
  const first = db.prepare('SELECT base_ecosystem, name, release, advisory_id, idx, spec, info FROM affected ORDER BY 1, 2, 3, 4, 5 LIMIT 5000').raw(true);
  const next = db
    .prepare(
      `SELECT base_ecosystem, name, release, advisory_id, idx, spec, info FROM affected
        WHERE (base_ecosystem, name, release, advisory_id, idx) > (?, ?, ?, ?, ?) ORDER BY 1, 2, 3, 4, 5 LIMIT 5000`,
    )
    .raw(true);
  for (let rows = first.all() as OldRow[]; rows.length > 0; rows = next.all(...rows[rows.length - 1].slice(0, 5)) as OldRow[]) {
    for (const [base, name, release, advisoryId, idx, specText, infoText] of rows) {
      const spec = JSON.parse(specText) as OldSpec;
      const info = JSON.parse(infoText) as OldInfo;
      const columns = affectedColumns(
        { package: { ecosystem: spec.e, name }, ranges: spec.r, versions: spec.v ?? [], severity: spec.s ?? [] },
        spec.u,
        { aliases: info.a, severity: info.S, ...(info.m !== undefined ? { summary: info.m } : {}), ...(info.w !== undefined ? { withdrawn: info.w } : {}) },
      );
      insert.run(base, name, release, advisoryId, idx, ...columns);
    }
  }
  db.exec(`
  DROP TABLE affected;
  ALTER TABLE affected_v2 RENAME TO affected;
  CREATE INDEX affected_by_advisory ON affected(advisory_id);
  `);
}

/** Opens (creating when needed) the database file and brings its schema up to date. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new InputError(path, undefined, `database schema ${version} is newer than this stockade understands (${MIGRATIONS.length})`);
    }
    const opened = db;
    for (let v = version; v < MIGRATIONS.length; v++) {
      opened.transaction(() => {
        const migration = MIGRATIONS[v];
        if (typeof migration === 'string') opened.exec(migration);
        else migration(opened);
        opened.pragma(`user_version = ${v + 1}`);
      })();
    }
    return opened;
  } catch (error) {
    db?.close();
    if (error instanceof InputError) throw error;
    throw new InputError(path, undefined, `cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
  }
}
