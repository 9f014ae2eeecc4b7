import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareSemver } from './semver.js';

function assertAscending(list: string[], compare: (a: string, b: string) => number): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      assert.equal(Math.sign(compare(list[i], list[j])), Math.sign(i - j), `${list[i]} vs ${list[j]}`);
    }
  }
}

test('precedence examples of semver.org §11', () => {
  assertAscending(['1.0.0', '2.0.0', '2.1.0', '2.1.1'], compareSemver);
  assertAscending(
    ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'],
    compareSemver,
  );
});

test('build metadata is ignored; v prefix and short versions are tolerated; huge numbers compare numerically', () => {
  assert.equal(compareSemver('1.0.0+build.1', '1.0.0+build.2'), 0);
  assert.equal(compareSemver('v1.2.3', '1.2.3'), 0);
  assert.equal(compareSemver('1.2', '1.2.0'), 0);
  assert.ok(compareSemver('1.0.0', '10000000000000000000000.0.0') < 0);
  assert.ok(compareSemver('1.0.0-2', '1.0.0-10') < 0);
  assert.ok(compareSemver('not-a-version', '1.0.0') > 0);
});
