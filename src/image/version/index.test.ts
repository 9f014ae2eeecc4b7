import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseEcosystem, comparatorFor, releaseOf } from './index.js';

test('ecosystems map to their version order, release suffixes ignored', () => {
  assert.equal(baseEcosystem('Debian:12'), 'Debian');
  assert.equal(baseEcosystem('Alpine:v3.20'), 'Alpine');
  assert.equal(baseEcosystem('npm'), 'npm');
  assert.ok(comparatorFor('Debian:12')!('1.0-1~deb12u1', '1.0-1') < 0, 'dpkg order for Debian');
  assert.ok(comparatorFor('Alpine:v3.20')!('1.2.5-r9', '1.2.5-r10') < 0, 'apk order for Alpine');
  assert.ok(comparatorFor('Red Hat')!('1:1.0', '2.0') > 0, 'rpm order for Red Hat');
  assert.ok(comparatorFor('PyPI')!('1.0rc1', '1.0') < 0);
  assert.ok(comparatorFor('Maven')!('1.0-SNAPSHOT', '1.0') < 0);
  assert.ok(comparatorFor('npm')!('1.0.0-beta', '1.0.0') < 0);
  assert.equal(comparatorFor('GIT'), undefined);
});

test('releases: LTS markers name the same Ubuntu release, Pro archives stay apart', () => {
  assert.deepEqual(['Debian:12', 'Alpine:v3.20', 'Ubuntu:22.04:LTS', 'Ubuntu:22.04', 'Ubuntu:Pro:18.04:LTS', 'npm'].map(releaseOf), ['12', 'v3.20', '22.04', '22.04', 'Pro:18.04', '']);
});
