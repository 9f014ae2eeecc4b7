import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileSelector, labelMap, namespaceLabels } from './selector.js';

describe('label selectors', () => {
  const pod = { app: 'web', tier: 'front' };
  it('empty selects everything; matchLabels and expressions are ANDed', () => {
    assert.ok(compileSelector({}).empty && compileSelector(null).matches({}));
    assert.ok(compileSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }).matches(pod));
    assert.ok(!compileSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }).matches(pod));
  });

  it('NotIn and DoesNotExist hold for a missing key; Exists does not', () => {
    assert.ok(compileSelector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }).matches(pod));
    assert.ok(compileSelector({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }).matches(pod));
    assert.ok(!compileSelector({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }).matches(pod));
    assert.ok(!compileSelector({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }).matches(pod));
  });

  it('an invalid selector matches nothing and says why', () => {
    for (const raw of [{ matchExpressions: [{ key: 'a', operator: 'Like', values: ['x'] }] }, { matchExpressions: [{ key: 'a', operator: 'In' }] }, { matchLabels: 'app=web' }]) {
      const s = compileSelector(raw);
      assert.ok(s.error && !s.matches(pod), JSON.stringify(raw));
    }
  });

  it('namespaces carry their name label', () => {
    assert.deepEqual(namespaceLabels('prod', { team: 'a' }), { team: 'a', 'kubernetes.io/metadata.name': 'prod' });
  });

  it('labelMap keeps the set labels as strings, in order, and drops null ones', () => {
    assert.deepEqual(Object.entries(labelMap({ b: 'x', a: 1, c: null, d: undefined, e: true, 2: 'n' })), [['2', 'n'], ['b', 'x'], ['a', '1'], ['e', 'true']]);
    assert.deepEqual(labelMap(Object.create({ inherited: 'x' })), {});
    assert.deepEqual(labelMap(['a']), {});
  });
});
