import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../core/errors.js';

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
 * Each entry upgrades the schema by one version (`PRAGMA user_version`); entries are never
 * edited once released, only appended.
 */
const MIGRATIONS: string[] = [
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
];

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
        opened.exec(MIGRATIONS[v]);
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
