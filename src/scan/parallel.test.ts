import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoadPlan } from '../load/index.js';
import { receiveOutcome, shares, transferOutcome } from './parallel.js';

function plan(sizes: number[]): LoadPlan {
  const documents = sizes.map((n, index) => ({ file: 'f.yaml', json: false, doc: { text: 'x'.repeat(n), firstLine: 1, contentLine: 1, index, empty: false } }));
  return { steps: documents.map((_, document) => ({ document })), documents, files: ['f.yaml'] };
}

describe('scan shares', () => {
  it('split the documents in contiguous ranges of text in proportion to the weights', () => {
    assert.deepEqual(shares(plan(Array(10).fill(100)), [0.7, 1]), [[0, 5], [5, 10]]);
    assert.deepEqual(shares(plan(Array(17).fill(10)), [1, 1, 1]), [[0, 6], [6, 12], [12, 17]]);
    assert.deepEqual(shares(plan([5, 1000, 5]), [1, 1]), [[0, 2], [2, 3]]);
  });

  it('leave shares empty when there are fewer documents than threads', () => {
    assert.deepEqual(shares(plan([10]), [0.7, 1, 1]), [[0, 1], [1, 1], [1, 1]]);
    assert.deepEqual(shares(plan([]), [0.7, 1]), [[0, 0], [0, 0]]);
  });
});

describe('parsed documents between threads', () => {
  it('go as JSON where JSON is exact and as values where it is not', () => {
    const exact = transferOutcome({ value: { a: [1, 'b', null, true] } }, 'a: [1, b, ~, true]');
    assert.equal(typeof exact, 'string');
    assert.deepEqual(receiveOutcome(exact), { value: { a: [1, 'b', null, true] } });
    const infinite = transferOutcome({ value: { n: Infinity } }, 'n: .inf');
    assert.deepEqual(receiveOutcome(infinite), { value: { n: Infinity } });
    const tagged = { value: { b: new Uint8Array([1]) } };
    assert.equal(transferOutcome(tagged, 'b: !!binary AQ=='), tagged);
    const error = { error: { file: 'f.yaml', line: 3, message: 'invalid YAML' } };
    assert.equal(transferOutcome(error, 'x'), error);
  });
});
