import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compareDpkg } from '../../src/image/version/dpkg.js';
import { debianVersionsByPackage, seededRandom, versionPairs } from './debian-versions.js';
import { judgeWithDpkg } from './dpkg-oracle.js';

function fixtureRows(): Array<[string, string, number]> {
  const text = readFileSync(new URL('./fixtures/dpkg-pairs.tsv', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [a, b, verdict] = line.split('\t');
      return [a, b, Number(verdict)];
    });
}

function disagreements(rows: Array<[string, string, number]>): string[] {
  return rows
    .filter(([a, b, verdict]) => Math.sign(compareDpkg(a, b)) !== verdict)
    .map(([a, b, verdict]) => `${a} vs ${b}: dpkg ${verdict}, ours ${compareDpkg(a, b)}`);
}

test('dpkg ordering agrees with dpkg --compare-versions on every fixture pair of real Debian versions', () => {
  const rows = fixtureRows();
  assert.ok(rows.length >= 10_000, `only ${rows.length} pairs`);
  assert.deepEqual(disagreements(rows).slice(0, 10), []);
});

test('the fixture verdicts are the real dpkg verdicts (a sample re-judged by dpkg now)', () => {
  const rows = fixtureRows();
  const random = seededRandom(Date.now());
  const sample = Array.from({ length: 250 }, () => rows[Math.floor(random() * rows.length)]);
  const verdicts = judgeWithDpkg(sample.map(([a, b]) => [a, b] as const), 60_000);
  const wrong = sample.filter((row, i) => row[2] !== verdicts[i]).map(([a, b, v], i) => `${a} ${b}: fixture ${v}, dpkg ${verdicts[i]}`);
  assert.deepEqual(wrong, []);
});

test('dpkg ordering agrees with dpkg on fresh pairs from this machine\'s installed packages', () => {
  const byPackage = debianVersionsByPackage(readFileSync('/var/lib/dpkg/status', 'utf8'));
  const pairs = versionPairs(byPackage, 250, Date.now() & 0xffff);
  const verdicts = judgeWithDpkg(pairs, 60_000);
  const rows = pairs.map(([a, b], i): [string, string, number] => [a, b, verdicts[i]]);
  assert.ok(rows.length >= 100, `only ${rows.length} pairs from /var/lib/dpkg/status`);
  assert.deepEqual(disagreements(rows), []);
});
