import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuantity } from './quantity.js';

describe('parseQuantity', () => {
  const cases: [unknown, number | undefined][] = [
    ['100m', 0.1],
    ['1', 1],
    [2, 2],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1E3', 1000],
    ['128k', 128000],
    ['', undefined],
    ['1Gb', undefined],
    ['abc', undefined],
    [null, undefined],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(parseQuantity(input), expected));
  }
  it('rejects a long digit run with a bad suffix in linear time (no hang)', () => assert.equal(parseQuantity('1'.repeat(200_000) + 'x'), undefined));
  it('orders binary and decimal units', () => assert.ok(parseQuantity('1Gi')! > parseQuantity('1G')!));
});
