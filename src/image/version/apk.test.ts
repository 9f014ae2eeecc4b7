import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compareApk, isValidApkVersion } from './apk.js';

const SIGN: Record<string, number> = { '<': -1, '=': 0, '>': 1 };

test('apk ordering passes every vector of apk-tools\' test/version.data', () => {
  const lines = readFileSync(new URL('./testdata/apk-version.data', import.meta.url), 'utf8').split('\n');
  const cases = lines.map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
  assert.ok(cases.length > 700);
  const wrong: string[] = [];
  for (const line of cases) {
    const [a, op, b] = line.split(/\s+/);
    if (Math.sign(compareApk(a, b)) !== SIGN[op]) wrong.push(line);
    if (Math.sign(compareApk(b, a)) !== -SIGN[op]) wrong.push(`${line} (reversed)`);
  }
  assert.deepEqual(wrong, []);
});

test('apk ordering of the Alpine versions in the OSV oracle', () => {
  assert.ok(compareApk('1.2.4_git20230717-r4', '1.2.5-r9') < 0);
  assert.ok(compareApk('1.2.3-r4', '1.2.3-r6') < 0);
  assert.equal(compareApk('1.2.5-r10', '1.2.5-r10'), 0);
  assert.ok(compareApk('1.2.5-r10', '1.2.5-r9') > 0);
  assert.ok(compareApk('1.1.1c-r0', '1.1.1d-r0') < 0);
});

test('validity', () => {
  assert.ok(isValidApkVersion('1.2.4_git20230717-r4'));
  assert.ok(isValidApkVersion('2.1.0~abc123-r1'));
  assert.ok(!isValidApkVersion('1.0bc'));
  assert.ok(!isValidApkVersion('abc'));
  assert.ok(!isValidApkVersion('1.0_foo'));
});
