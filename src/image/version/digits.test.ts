import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareDigitRuns } from './digits.js';

test('digit runs compare as numbers: leading zeros ignored, any length', () => {
  const cases: Array<[string, string, number]> = [
    ['0', '0', 0],
    ['0', '000', 0],
    ['', '0', 0],
    ['007', '7', 0],
    ['7', '10', -1],
    ['10', '9', 1],
    ['0010', '9', 1],
    ['123', '124', -1],
    ['20240101120000000001', '20240101120000000002', -1],
    ['99999999999999999999', '100000000000000000000', -1],
  ];
  for (const [a, b, order] of cases) {
    assert.equal(compareDigitRuns(a, b), order, `${a} vs ${b}`);
    assert.equal(compareDigitRuns(b, a), -order || 0, `${b} vs ${a}`);
  }
});
