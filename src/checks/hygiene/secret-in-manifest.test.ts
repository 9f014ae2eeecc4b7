import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Inventory } from '../../core/inventory.js';
import { TEST_OPTIONS, testCheck } from '../check-tester.js';
import check from './secret-in-manifest.js';

testCheck(check, {
  valid: [
    { name: 'service account token placeholder', yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: t, annotations: {kubernetes.io/service-account.name: app}}\ntype: kubernetes.io/service-account-token' },
    { name: 'empty values', yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: ""}' },
    { name: 'SealedSecret is encrypted', yaml: 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: s}\nspec: {encryptedData: {password: AgBy3i4OJSWK}}' },
  ],
  invalid: [
    {
      name: 'kubernetes-goat vault secret',
      yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: goatvault, namespace: default}\ntype: Opaque\ndata: {k8sgoatvaultkey: azhzLWdvYXQtY2QyZGEyNzIyNDU5MWRhMmI0OGVmODM4MjZhOGE2YzM=}',
      errors: [{ messageId: 'committed', path: 'data' }],
    },
    { name: 'stringData', yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {token: abc123}', errors: [{ messageId: 'committed', path: 'stringData' }] },
  ],
});

it('a Secret read from a live cluster is not a committed manifest', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { token: 'YWJj' } };
  const inventory = new Inventory();
  inventory.add(secret, { file: 'cluster', line: 1, docIndex: 0 });
  if (check.scope !== 'inventory') throw new Error('inventory check expected');
  assert.deepEqual(check.check(inventory, { inventory, options: TEST_OPTIONS }), []);
});
