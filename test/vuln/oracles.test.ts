import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { InstalledPackage } from '../../src/image/package.js';
import { importOsv, matchPackages, openVulnDb, type VulnDb } from '../../src/image/vuln/index.js';
import { corpusPath } from '../corpus.js';
import { trivyFixtureAsOsv, trivyGolden, trivyPackages } from './trivy-fixture.js';

const now = new Date('2026-01-01T00:00:00Z');
let dir: string;
let osvDb: VulnDb;

function tsv(name: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(corpusPath('vuln-data', 'osv', name), 'utf8').trimEnd().split('\n');
  const columns = header.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [columns[i], v])));
}

function queried(ecosystem: string, name: string, version: string): InstalledPackage {
  return { ecosystem, name, version, sourceName: name, sourceVersion: version, purl: '', foundIn: 'query' };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stockade-oracle-'));
  osvDb = openVulnDb(join(dir, 'osv.db'));
  const summary = await importOsv(osvDb.advisories, corpusPath('vuln-data', 'osv', 'records'), { now });
  assert.deepEqual(summary.errors, []);
  assert.equal(summary.records, 7);
});

after(() => {
  osvDb.close();
  rmSync(dir, { recursive: true, force: true });
});

test('record-match-cases.tsv: every row (real OSV records, osv.dev verdicts)', () => {
  const rows = tsv('record-match-cases.tsv');
  assert.equal(rows.length, 15);
  const wrong = rows.filter((row) => {
    const ids = matchPackages(osvDb, [queried(row.ecosystem, row.package, row.version)]).map((m) => m.id);
    return ids.includes(row.record) !== (row.expected === 'affected');
  });
  assert.deepEqual(wrong, []);
});

test('querybatch-expected.tsv: for every row, the stored records we match are exactly those osv.dev returned among them', (t) => {
  const rows = tsv('querybatch-expected.tsv');
  assert.equal(rows.length, 325);
  const stored = new Set(['ALPINE-CVE-2025-26519', 'DLA-3008-1', 'DLA-3012-1', 'DLA-3022-1', 'DLA-3051-1', 'DLA-3623-1', 'DSA-3029-1']);
  let rowsWithStoredAnswers = 0;
  let rowsWithUnstoredAnswers = 0;
  const wrong: string[] = [];
  for (const row of rows) {
    const expected = row.expected_osv_ids === '-' ? [] : row.expected_osv_ids.split(',');
    const checkable = expected.filter((id) => stored.has(id)).sort();
    if (checkable.length > 0) rowsWithStoredAnswers++;
    if (expected.some((id) => !stored.has(id))) rowsWithUnstoredAnswers++;
    const ours = matchPackages(osvDb, [queried(row.ecosystem, row.package, row.version)]).map((m) => m.id).sort();
    if (JSON.stringify(ours) !== JSON.stringify(checkable)) wrong.push(`${row.ecosystem} ${row.package} ${row.version}: osv.dev ${checkable.join(',') || '-'}, ours ${ours.join(',') || '-'}`);
  }
  t.diagnostic(`${rows.length} rows checked; ${rowsWithStoredAnswers} have answers among the 7 stored records; ${rowsWithUnstoredAnswers} also name records the corpus does not hold (their ranges are unknown, so those ids cannot be checked)`);
  assert.deepEqual(wrong, []);
  assert.ok(rowsWithStoredAnswers >= 4);
});

for (const [image, golden, packagesGolden, ecosystem] of [
  ['alpine 3.10', 'alpine-310.json.golden', 'alpine-310.json.golden', 'Alpine:v3.10'],
  ['debian buster', 'debian-buster.json.golden', 'debian-buster.json.golden', 'Debian:10'],
] as const) {
  test(`Trivy golden for ${image}: same vulnerabilities, packages, installed and fixed versions, and NVD v3 scores`, async () => {
    const db = openVulnDb(join(dir, `${ecosystem.replace(':', '-')}.db`));
    try {
      const recordsDir = mkdtempSync(join(dir, 'trivy-'));
      for (const record of trivyFixtureAsOsv()) writeFileSync(join(recordsDir, `${(record as { id: string }).id}.json`), JSON.stringify(record));
      const summary = await importOsv(db.advisories, recordsDir, { now });
      assert.deepEqual(summary.errors, []);
      const packages = trivyPackages(packagesGolden, ecosystem);
      const expected = trivyGolden(golden).vulnerabilities;
      assert.ok(expected.length > 0);
      const ours = matchPackages(db, packages)
        .map((m) => `${m.id} ${m.package.name} ${m.package.version} fixed=${m.fixed ?? '-'} score=${m.score ?? '-'}`)
        .sort();
      const theirs = expected
        .map((v) => `${v.VulnerabilityID} ${v.PkgName} ${v.InstalledVersion} fixed=${v.FixedVersion || '-'} score=${v.CVSS?.nvd?.V3Score ?? '-'}`)
        .sort();
      assert.deepEqual(ours, theirs);
    } finally {
      db.close();
    }
  });
}
