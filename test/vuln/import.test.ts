import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { InputError } from '../../src/core/errors.js';
import { ecosystemStatus, freshnessWarnings, importOsv, matchPackages, openVulnDb, parseOsvJson, parseOsvRecord } from '../../src/image/vuln/index.js';
import { seededRandom } from './debian-versions.js';
import { corpusRecords, makeZip } from './zips.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'stockade-import-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const t0 = new Date('2026-01-01T00:00:00Z');
const openssl = { ecosystem: 'Debian:9', name: 'libssl1.1', version: '1.1.0l-1~deb9u5', sourceName: 'openssl', sourceVersion: '1.1.0l-1~deb9u5', purl: '', foundIn: '/var/lib/dpkg/status' };

test('a zip export is imported record by record; a broken entry is reported with its name and line and the rest still imported', async () => {
  const records = corpusRecords();
  const zip = await makeZip({
    'DLA-3008-1.json': JSON.stringify(records.get('DLA-3008-1')),
    'DLA-3022-1.json': JSON.stringify(records.get('DLA-3022-1')),
    'broken.json': '{\n  "id": "X",\n  "affected": [ oops ]\n}',
    'no-id.json': '{"affected": []}',
    'README.txt': 'not a record',
  });
  const file = join(dir, 'Debian.zip');
  writeFileSync(file, zip);
  const vdb = openVulnDb(join(dir, 'a.db'));
  try {
    const summary = await importOsv(vdb.advisories, file, { now: t0 });
    assert.equal(summary.records, 2);
    assert.equal(summary.inserted, 2);
    assert.deepEqual(summary.ecosystems, ['Debian']);
    assert.equal(summary.errors.length, 2);
    assert.match(summary.errors[0], /Debian\.zip!broken\.json:3: not valid JSON/);
    assert.match(summary.errors[1], /Debian\.zip!no-id\.json: OSV record has no "id"/);
    assert.deepEqual(matchPackages(vdb, [openssl]).map((m) => m.id), ['DLA-3008-1']);
    const again = await importOsv(vdb.advisories, file, { now: t0 });
    assert.deepEqual([again.inserted, again.updated, again.unchanged, again.changedPackages.size], [0, 0, 2, 0]);
  } finally {
    vdb.close();
  }
});

test('a changed record replaces the old one and names the packages it touches; a complete feed drops records it no longer has', async () => {
  const records = corpusRecords();
  const vdb = openVulnDb(join(dir, 'b.db'));
  try {
    const first = join(dir, 'first.zip');
    writeFileSync(first, await makeZip({ 'a.json': JSON.stringify(records.get('DLA-3008-1')), 'b.json': JSON.stringify(records.get('DLA-3051-1')) }));
    await importOsv(vdb.advisories, first, { now: t0, feed: 'Debian', complete: true });
    const changedRecord = { ...records.get('DLA-3008-1'), modified: '2030-01-01T00:00:00Z', affected: [] };
    const second = join(dir, 'second.zip');
    writeFileSync(second, await makeZip({ 'a.json': JSON.stringify(changedRecord) }));
    const summary = await importOsv(vdb.advisories, second, { now: t0, feed: 'Debian', complete: true });
    assert.deepEqual([summary.updated, summary.removed], [1, 1]);
    assert.deepEqual([...summary.changedPackages].sort(), ['Debian\u0000openssl', 'Debian\u0000tzdata']);
    assert.deepEqual(matchPackages(vdb, [openssl]), []);
    assert.equal(vdb.advisories.count(), 1);
  } finally {
    vdb.close();
  }
});

test('status: record counts per ecosystem, age from the import time, staleness against the limit', async () => {
  const vdb = openVulnDb(join(dir, 'c.db'));
  try {
    const recordsDir = join(dir, 'records');
    const records = corpusRecords();
    await import('node:fs').then((fs) => {
      fs.mkdirSync(recordsDir);
      for (const [id, record] of records) fs.writeFileSync(join(recordsDir, `${id}.json`), JSON.stringify(record));
    });
    await importOsv(vdb.advisories, recordsDir, { now: t0 });
    const later = new Date(t0.getTime() + 10 * 86_400_000);
    const status = ecosystemStatus(vdb, later, 7 * 86_400_000);
    assert.deepEqual(status.map((s) => [s.ecosystem, s.advisories, s.ageMs, s.stale]), [
      ['Alpine', 1, 10 * 86_400_000, true],
      ['Debian', 5, 10 * 86_400_000, true],
    ]);
    assert.deepEqual(ecosystemStatus(vdb, t0).map((s) => s.stale), [false, false]);
    assert.deepEqual(freshnessWarnings(vdb, [openssl, { ...openssl, ecosystem: 'npm', name: 'x' }], later), [
      'vulnerability data for Debian is 10d old (limit 7d): run `stockade db update`',
      'no vulnerability data for npm: run `stockade db update` (or `db import`)',
    ]);
  } finally {
    vdb.close();
  }
});

test('input that is not a zip, or not there, is one clear error', async () => {
  const vdb = openVulnDb(join(dir, 'd.db'));
  try {
    const fake = join(dir, 'fake.zip');
    writeFileSync(fake, 'this is not a zip');
    await assert.rejects(importOsv(vdb.advisories, fake, { now: t0 }), (e: unknown) => e instanceof InputError && /fake\.zip: not a readable zip file/.test(e.message));
    await assert.rejects(importOsv(vdb.advisories, join(dir, 'missing.zip'), { now: t0 }), /missing\.zip: no such file or directory/);
  } finally {
    vdb.close();
  }
});

test('fuzz: damaged zips and mutated records never crash the import, they become error lines', async () => {
  const random = seededRandom(42);
  const records = [...corpusRecords().values()];
  const good = await makeZip(Object.fromEntries(records.map((r, i) => [`${i}.json`, JSON.stringify(r)])));
  const vdb = openVulnDb(join(dir, 'e.db'));
  try {
    for (let round = 0; round < 40; round++) {
      const damaged = Buffer.from(good);
      const flips = 1 + Math.floor(random() * 20);
      for (let k = 0; k < flips; k++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
      const cut = random() < 0.3 ? damaged.subarray(0, Math.floor(random() * damaged.length)) : damaged;
      const file = join(dir, `fuzz-${round}.zip`);
      writeFileSync(file, cut);
      try {
        const summary = await importOsv(vdb.advisories, file, { now: t0 });
        assert.ok(summary.records + summary.errors.length >= 0);
        for (const line of summary.errors) assert.ok(!line.includes('\n'), line);
      } catch (error) {
        assert.ok(error instanceof InputError, String(error));
      }
    }
    for (let round = 0; round < 300; round++) {
      const record = JSON.parse(JSON.stringify(records[round % records.length])) as Record<string, unknown>;
      const keys = Object.keys(record);
      const key = keys[Math.floor(random() * keys.length)];
      const replacements = [null, 42, 'text', [], {}, [1, 2], [{}], true];
      record[key] = replacements[Math.floor(random() * replacements.length)];
      try {
        parseOsvRecord(record, 'fuzz.json');
      } catch (error) {
        assert.ok(error instanceof InputError, `${key}: ${String(error)}`);
      }
    }
    assert.throws(() => parseOsvJson('[', 'x.json'), /x\.json:1: not valid JSON/);
  } finally {
    vdb.close();
  }
});

test('zip entries read from memory and read from disk are the same; a damaged entry fails its CRC check', async () => {
  const { zipJsonEntries } = await import('../../src/image/vuln/zip.js');
  const records = corpusRecords();
  const file = join(dir, 'both.zip');
  const zip = await makeZip(Object.fromEntries([...records].map(([id, r]) => [`${id}.json`, JSON.stringify(r)])));
  writeFileSync(file, zip);
  const collect = async (limit: number) => {
    const out: Array<{ name: string; text?: string; problem?: string }> = [];
    for await (const entry of zipJsonEntries(file, limit)) out.push(entry);
    return out;
  };
  const fromMemory = await collect(Number.MAX_SAFE_INTEGER);
  const fromDisk = await collect(0);
  assert.equal(fromMemory.length, records.size);
  assert.ok(fromMemory.every((e) => e.text !== undefined && e.problem === undefined));
  assert.deepEqual(fromDisk, fromMemory);

  const stored = await makeZip({ 'a.json': JSON.stringify(records.get('DLA-3008-1')) }, false);
  const at = stored.indexOf('openssl');
  stored[at] = 'O'.charCodeAt(0);
  writeFileSync(file, stored);
  const damaged = await collect(Number.MAX_SAFE_INTEGER);
  assert.deepEqual(damaged.map((e) => e.problem), ['entry fails its CRC check']);
});

test('a complete feed with unreadable entries removes nothing: it cannot say which records are gone', async () => {
  const records = corpusRecords();
  const vdb = openVulnDb(join(dir, 'f.db'));
  try {
    const file = join(dir, 'feed.zip');
    writeFileSync(file, await makeZip({ 'a.json': JSON.stringify(records.get('DLA-3008-1')), 'b.json': JSON.stringify(records.get('DLA-3051-1')) }));
    await importOsv(vdb.advisories, file, { now: t0, feed: 'Debian', complete: true });
    writeFileSync(file, await makeZip({ 'a.json': JSON.stringify(records.get('DLA-3008-1')), 'b.json': '{"id": ' }));
    const summary = await importOsv(vdb.advisories, file, { now: t0, feed: 'Debian', complete: true });
    assert.deepEqual([summary.errors.length, summary.removed, vdb.advisories.count()], [1, 0, 2]);
  } finally {
    vdb.close();
  }
});

test('ratings without CVSS: Debian urgency and GitHub severity words become the severity', async () => {
  const vdb = openVulnDb(join(dir, 'g.db'));
  try {
    const file = join(dir, 'rated.zip');
    const affected = (name: string, extra: object) => [{ package: { ecosystem: name === 'left-pad' ? 'npm' : 'Debian:12', name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }], ...extra }];
    writeFileSync(file, await makeZip({
      'd.json': JSON.stringify({ id: 'DEBIAN-CVE-2024-1', modified: '2024-01-01T00:00:00Z', affected: affected('curl', { ecosystem_specific: { urgency: 'unimportant' } }) }),
      'g.json': JSON.stringify({ id: 'GHSA-xxxx', modified: '2024-01-01T00:00:00Z', database_specific: { severity: 'MODERATE' }, affected: affected('left-pad', {}) }),
    }));
    await importOsv(vdb.advisories, file, { now: t0 });
    const pkg = (ecosystem: string, name: string) => ({ ecosystem, name, version: '1.0.0', sourceName: name, sourceVersion: '1.0.0', purl: '', foundIn: 'x' });
    const matches = matchPackages(vdb, [pkg('Debian:12', 'curl'), pkg('npm', 'left-pad')]);
    assert.deepEqual(matches.map((m) => [m.id, m.severity, m.severitySource, m.urgency]), [
      ['DEBIAN-CVE-2024-1', 'info', 'urgency', 'unimportant'],
      ['GHSA-xxxx', 'medium', 'urgency', 'MODERATE'],
    ]);
  } finally {
    vdb.close();
  }
});
