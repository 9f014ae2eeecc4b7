import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { InstalledPackage } from '../../src/image/package.js';
import { baseEcosystem, releaseOf } from '../../src/image/version/index.js';
import { importOsv, matchPackages, openVulnDb, parseOsvRecord, type OsvRecord } from '../../src/image/vuln/index.js';
import { MIGRATIONS } from '../../src/store/database.js';
import { trivyFixtureAsOsv, trivyPackages } from './trivy-fixture.js';
import { corpusRecords } from './zips.js';

const now = new Date('2026-01-01T00:00:00Z');
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'stockade-migration-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The records as schema 1 stored them: each affected entry as a `spec` and an `info` JSON object. */
function writeSchema1(path: string, records: OsvRecord[]): void {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  db.exec(MIGRATIONS[0] as string);
  db.pragma('user_version = 1');
  const advisory = db.prepare(
    `INSERT INTO advisories (id, modified, withdrawn, aliases, summary, severity, feed, meta) VALUES (?, ?, ?, ?, ?, ?, 'import', '{}')`,
  );
  const affected = db.prepare('INSERT INTO affected (advisory_id, idx, base_ecosystem, release, name, spec, info) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const record of records) {
      const aliases = [...new Set([...record.aliases, ...record.upstream])].filter((a) => a !== record.id);
      advisory.run(record.id, record.modified, record.withdrawn ?? null, JSON.stringify(aliases), record.summary ?? null, JSON.stringify(record.severity));
      const info = JSON.stringify({ a: aliases, S: record.severity, ...(record.summary !== undefined ? { m: record.summary } : {}), ...(record.withdrawn !== undefined ? { w: record.withdrawn } : {}) });
      record.affected.forEach((entry, idx) => {
        const urgency = entry.ecosystemSpecific?.urgency ?? entry.databaseSpecific?.urgency ?? entry.databaseSpecific?.severity ?? record.databaseSpecific?.severity;
        const spec = {
          e: entry.package.ecosystem,
          r: entry.ranges,
          ...(entry.versions.length > 0 ? { v: entry.versions } : {}),
          ...(entry.severity.length > 0 ? { s: entry.severity } : {}),
          ...(typeof urgency === 'string' ? { u: urgency } : {}),
        };
        affected.run(record.id, idx, baseEcosystem(entry.package.ecosystem), releaseOf(entry.package.ecosystem), entry.package.name, JSON.stringify(spec), info);
      });
    }
  })();
  db.close();
}

function queried(ecosystem: string, name: string, version: string): InstalledPackage {
  return { ecosystem, name, version, sourceName: name, sourceVersion: version, purl: '', foundIn: 'query' };
}

test('a schema 1 database is converted on open and matches exactly as a fresh import of the same records', async () => {
  const raw = [...corpusRecords().values(), ...trivyFixtureAsOsv()];
  const records = raw.map((r, i) => parseOsvRecord(r, `record ${i}`));
  // A withdrawn advisory must stay out of the matches after the conversion too.
  const withdrawn = { ...records[0], id: 'WITHDRAWN-1', withdrawn: '2025-01-01T00:00:00Z' };
  const old = join(dir, 'schema1.db');
  writeSchema1(old, [...records, withdrawn]);

  const recordsDir = mkdtempSync(join(dir, 'records-'));
  for (const [i, record] of [...raw, { ...(raw[0] as object), id: 'WITHDRAWN-1', withdrawn: '2025-01-01T00:00:00Z' }].entries()) {
    writeFileSync(join(recordsDir, `${i}.json`), JSON.stringify(record));
  }
  const fresh = openVulnDb(join(dir, 'fresh.db'));
  const converted = openVulnDb(old);
  try {
    await importOsv(fresh.advisories, recordsDir, { now });
    assert.equal(converted.db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    const packages = [
      ...trivyPackages('alpine-310.json.golden', 'Alpine:v3.10'),
      ...trivyPackages('debian-buster.json.golden', 'Debian:10'),
      queried('Debian:9', 'openssl', '1.1.0l-1~deb9u5'),
      queried('Debian:11', 'tzdata', '2021a-1'),
    ];
    const expected = matchPackages(fresh, packages);
    assert.deepEqual([...new Set(expected.map((m) => m.ecosystem.split(':')[0]))].sort(), ['Alpine', 'Debian']);
    assert.deepEqual(matchPackages(converted, packages), expected);
    assert.ok(!expected.some((m) => m.id === 'WITHDRAWN-1'));
    assert.equal(converted.db.prepare('SELECT COUNT(*) FROM affected').pluck().get(), fresh.db.prepare('SELECT COUNT(*) FROM affected').pluck().get());
  } finally {
    fresh.close();
    converted.close();
  }
});
