import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDpkg, parseDpkgVersion } from './dpkg.js';

test('parses epoch, upstream and revision (the last hyphen splits off the revision)', () => {
  assert.deepEqual(parseDpkgVersion('1:2.30-1+deb12u1'), { epoch: 1, upstream: '2.30', revision: '1+deb12u1' });
  assert.deepEqual(parseDpkgVersion('2.9.4+dfsg1-2.2+deb9u6'), { epoch: 0, upstream: '2.9.4+dfsg1', revision: '2.2+deb9u6' });
  assert.deepEqual(parseDpkgVersion('1.0-beta-3'), { epoch: 0, upstream: '1.0-beta', revision: '3' });
  assert.deepEqual(parseDpkgVersion('20230311'), { epoch: 0, upstream: '20230311', revision: '' });
});

// deb-version(7): "~~ < ~~a < ~ < (empty) < a", epochs dominate, and a missing revision equals "0".
const ordered = ['~~', '~~a', '~', '', 'a'];
test('tilde sorts before everything, even the end of the part (deb-version(7) example)', () => {
  for (let i = 0; i < ordered.length; i++) {
    for (let j = 0; j < ordered.length; j++) {
      assert.equal(Math.sign(compareDpkg(`1${ordered[i]}`, `1${ordered[j]}`)), Math.sign(i - j), `1${ordered[i]} vs 1${ordered[j]}`);
    }
  }
});

test('epoch, numeric runs and revision', () => {
  assert.ok(compareDpkg('1:1.0', '2.0') > 0);
  assert.equal(compareDpkg('0:1.0', '1.0'), 0);
  assert.equal(compareDpkg('1.0', '1.0-0'), 0);
  assert.equal(compareDpkg('1.002', '1.2'), 0);
  assert.ok(compareDpkg('1.10', '1.9') > 0);
  assert.ok(compareDpkg('1.1.0l-1~deb9u5', '1.1.0l-1~deb9u6') < 0);
  assert.ok(compareDpkg('1.1.0l-1~deb9u6', '1.1.0l-1') < 0);
  assert.ok(compareDpkg('2.0.5-1', '2.0.5-1+deb10u1') < 0);
  assert.ok(compareDpkg('1.0a', '1.0+') < 0, 'letters sort before other characters');
});
