import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { InputError } from '../core/errors.js';
import { defaultDbPath, MIGRATIONS, openDatabase } from './database.js';

test('the default database lives in the user data directory', () => {
  assert.equal(defaultDbPath({ XDG_DATA_HOME: '/data', HOME: '/home/u' }), '/data/stockade/stockade.db');
  assert.equal(defaultDbPath({ HOME: '/home/u' }), '/home/u/.local/share/stockade/stockade.db');
  assert.equal(defaultDbPath({ XDG_DATA_HOME: 'relative', HOME: '/home/u' }), '/home/u/.local/share/stockade/stockade.db');
});

test('a file that is not a database, or a newer schema, is one clear error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stockade-db-'));
  try {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'definitely not sqlite '.repeat(100));
    assert.throws(() => openDatabase(junk), (e: unknown) => e instanceof InputError && /junk\.db: cannot open the database: file is not a database/.test(e.message));
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => openDatabase(newer), /newer\.db: database schema 99 is newer than this stockade understands/);
    const fresh = openDatabase(join(dir, 'nested', 'fresh.db'));
    assert.equal(fresh.pragma('user_version', { simple: true }), MIGRATIONS.length);
    fresh.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
