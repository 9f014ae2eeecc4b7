import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compareRpm } from '../../src/image/version/rpm.js';
import { debianVersionsByPackage, versionPairs } from './debian-versions.js';
import { judgeWithRpm } from './rpm-oracle.js';

function checkAgainstRpm(pairs: Array<[string, string]>): string[] {
  const verdicts = judgeWithRpm(pairs);
  return pairs
    .filter(([a, b], i) => Math.sign(compareRpm(a, b)) !== verdicts[i])
    .map(([a, b], i) => `${a} vs ${b}: rpm ${verdicts[i]}, ours ${compareRpm(a, b)}`);
}

test('rpm ordering agrees with rpm.vercmp on every pair of real Fedora EVRs', () => {
  const evrs = readFileSync(new URL('./fixtures/fedora-35-evrs.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
  const pairs: Array<[string, string]> = [];
  for (const a of evrs) for (const b of evrs) pairs.push([a, b]);
  assert.ok(pairs.length > 2000);
  assert.deepEqual(checkAgainstRpm(pairs).slice(0, 10), []);
});

test('rpm ordering agrees with rpm.vercmp on real version strings of this machine\'s packages (tilde, plus, epochs)', () => {
  const byPackage = debianVersionsByPackage(readFileSync('/var/lib/dpkg/status', 'utf8'));
  const pairs = versionPairs(byPackage, 4000, 7);
  assert.ok(pairs.length >= 3000);
  assert.deepEqual(checkAgainstRpm(pairs).slice(0, 10), []);
});

test('rpm ordering agrees with rpm.vercmp where a release or epoch is missing on one side', () => {
  const pairs: Array<[string, string]> = [
    ['1.0', '1.0-1'], ['1.0-1', '1.0'], ['1.0-~', '1.0'], ['1.0-', '1.0'], ['1.0', '1.0-0'],
    ['0:1.0', '1.0'], [':1.0', '1.0'], ['a:1.0', '1.0'], ['1:1.0', '2.0'], ['1-2-3', '1-2'],
    ['1.0^git1', '1.0'], ['1.0^git1', '1.0.1'], ['1.0~rc1^x', '1.0~rc1'], ['1.0^', '1.0^a'],
  ];
  assert.deepEqual(checkAgainstRpm(pairs), []);
});
