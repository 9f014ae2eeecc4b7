import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPath, parsePath } from './path.js';

describe('field paths', () => {
  it('prints keys, indexes and keys that need quoting', () => {
    assert.equal(formatPath(['spec', 'containers', 0, 'securityContext', 'privileged']), 'spec.containers[0].securityContext.privileged');
    assert.equal(formatPath(['metadata', 'annotations', 'app.kubernetes.io/name']), 'metadata.annotations["app.kubernetes.io/name"]');
    assert.equal(formatPath([]), '');
    assert.equal(formatPath([3]), '[3]');
  });

  it('keeps the key "0" apart from the item 0 and a path apart from its prefix', () => {
    assert.equal(formatPath(['data', 0]), 'data[0]');
    assert.equal(formatPath(['data', '0']), 'data["0"]');
    assert.equal(formatPath(['data']), 'data');
    assert.equal(formatPath(['data', 0, 'x']), 'data[0].x');
  });

  it('prints a path the same each time it is asked', () => {
    const a = formatPath(['spec', 'template', 'spec', 'containers', 1, 'image']);
    const b = formatPath(['spec', 'template', 'spec', 'containers', 1, 'image']);
    assert.equal(a, b);
    assert.equal(parsePath(a).length, 6);
  });

  it('still prints every path correctly once the memory of printed paths is full', () => {
    for (let i = 0; i < 60_000; i++) assert.equal(formatPath(['items', i, `key-${i}`]), `items[${i}].key-${i}`);
    assert.equal(formatPath(['spec', 'never', 'seen', 7]), 'spec.never.seen[7]');
  });
});
