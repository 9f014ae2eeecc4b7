import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadText } from '../../load/index.js';
import { TEST_OPTIONS, testCheck } from '../check-tester.js';
import check from './duplicate-object.js';

const cm = (name: string, namespace = 'a') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${namespace}}`;

testCheck(check, {
  valid: [
    { name: 'different names', yaml: `${cm('x')}\n---\n${cm('y')}` },
    { name: 'same name, other namespace', yaml: `${cm('x')}\n---\n${cm('x', 'b')}` },
    { name: 'same name, other kind', yaml: `${cm('x')}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: a}` },
  ],
  invalid: [{ name: 'defined twice', yaml: `${cm('x')}\n---\n${cm('y')}\n---\n${cm('x')}`, errors: [{ messageId: 'duplicate' }] }],
});

it('reports every copy, naming all places', () => {
  const { inventory } = loadText(`${cm('x')}\n---\n${cm('y')}\n---\n${cm('x')}`, 'app.yaml');
  if (check.scope !== 'inventory') throw new Error('inventory check expected');
  const violations = check.check(inventory, { inventory, options: TEST_OPTIONS });
  assert.deepEqual(
    violations.map((v) => v.entry),
    [inventory.entries[0], inventory.entries[2]],
  );
  assert.equal(violations[0]!.data?.places, `app.yaml:1, app.yaml:${inventory.entries[2]!.origin.line}`);
});
