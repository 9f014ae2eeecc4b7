import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusPath } from '../corpus.js';
import { loadInventory, rbacFindings } from './helpers.js';

/**
 * kubernetes-goat's PROVENANCE lists two RBAC misconfigurations: kube-system/superadmin bound
 * to cluster-admin, and big-monolith's Role granting get/watch/list on every resource
 * (secrets included) to the pod's service account. Both are reported, each once per concern,
 * and nothing else in the scenarios is an RBAC finding at high or above.
 */
describe('kubernetes-goat RBAC', async () => {
  const findings = rbacFindings(await loadInventory([corpusPath('kubernetes-goat')]));
  const summary = findings.map((f) => `${f.severity} ${f.check} ${f.resource.kind}/${f.resource.name} ${(f.subject as { namespace: string; name: string }).namespace}/${(f.subject as { name: string }).name}`);

  it('superadmin: cluster-admin reported critical, once (not again as each risk it contains)', () => {
    assert.deepEqual(
      summary.filter((s) => s.includes('superadmin')),
      ['critical cluster-admin-binding ClusterRoleBinding/superadmin kube-system/superadmin'],
    );
  });

  it('big-monolith-sa: namespaced secret read (high) through the wildcard Role', () => {
    assert.ok(summary.includes('high secrets-read RoleBinding/secret-reader-binding big-monolith/big-monolith-sa'), summary.join('\n'));
  });

  it('no other RBAC finding at high or above', () => {
    assert.deepEqual(
      summary.filter((s) => /^(critical|high) /.test(s)).sort(),
      [
        'critical cluster-admin-binding ClusterRoleBinding/superadmin kube-system/superadmin',
        'high secrets-read RoleBinding/secret-reader-binding big-monolith/big-monolith-sa',
      ],
    );
  });
});
