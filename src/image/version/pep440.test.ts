import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparePep440, parsePep440 } from './pep440.js';

function assertAscending(list: string[]): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      assert.equal(Math.sign(comparePep440(list[i], list[j])), Math.sign(i - j), `${list[i]} vs ${list[j]}`);
    }
  }
}

test('the ordering example of PEP 440 ("Summary of permitted suffixes and relative ordering")', () => {
  assertAscending([
    '1.dev0', '1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2',
    '1.0b2.post345.dev456', '1.0b2.post345', '1.0rc1.dev456', '1.0rc1', '1.0', '1.0+abc.5', '1.0+abc.7',
    '1.0+5', '1.0.post456.dev34', '1.0.post456', '1.0.15', '1.1.dev1',
  ]);
});

test('the sorted version list of pypa/packaging\'s test suite, with and without an epoch', () => {
  const versions = [
    '1.0.dev456', '1.0a1', '1.0a2.dev456', '1.0a12.dev456', '1.0a12', '1.0b1.dev456', '1.0b2', '1.0b2.post345.dev456',
    '1.0b2.post345', '1.0b2-346', '1.0c1.dev456', '1.0c1', '1.0rc2', '1.0c3', '1.0', '1.0.post456.dev34', '1.0.post456',
    '1.1.dev1', '1.2+123abc', '1.2+123abc456', '1.2+abc', '1.2+abc123', '1.2+abc123def', '1.2+1234.abc', '1.2+123456',
    '1.2.r32+123456', '1.2.rev33+123456',
  ];
  assertAscending([...versions, ...versions.map((v) => `1!${v}`)]);
});

test('normalisation: spellings, separators, implicit post, leading v, trailing zeros', () => {
  assert.equal(comparePep440('1.0ALPHA1', '1.0a1'), 0);
  assert.equal(comparePep440('1.0-preview.2', '1.0rc2'), 0);
  assert.equal(comparePep440('1.0-1', '1.0.post1'), 0);
  assert.equal(comparePep440('v1.0', '1.0.0'), 0);
  assert.equal(comparePep440('1.0.dev', '1.0.dev0'), 0);
  assert.deepEqual(parsePep440('2!1.0rc1.post2.dev3+ubuntu.1'), { epoch: 2, release: [1, 0], pre: ['rc', 1], post: 2, dev: 3, local: ['ubuntu', 1] });
  assert.equal(parsePep440('1.0 junk'), undefined);
});
