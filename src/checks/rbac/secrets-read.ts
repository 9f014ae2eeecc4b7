import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'secrets-read',
  code: 'SKD-704',
  title: 'Read access to secrets',
  description: 'A subject may get, list or watch Secrets: cluster-wide through a ClusterRoleBinding (critical), in a namespace through a RoleBinding (high); reads limited to named secrets are the remedy, not reported.',
  severity: 'critical',
  category: 'rbac',
  frameworks: { cis: ['5.1.2'], mitre: ['T1552.007', 'T1528'] },
  docs: {
    rationale:
      'Secrets hold passwords, API keys, TLS keys and (legacy) service-account tokens. Reading them across the cluster yields the credentials of every workload, including controllers that can do anything; `list` and `watch` return the contents of every secret at once, not just names.',
    remediation: 'Grant secret access only to the workloads that need it, in their own namespace, limited with resourceNames to the secrets they use.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets'],
    example: { bad: 'rules:\n- apiGroups: [""]\n  resources: [secrets]\n  verbs: [get, list]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: capabilities(['get', 'list', 'watch'], ['secrets'], ''),
      severity: { cluster: 'critical', namespace: 'high' },
      // Read access limited to named secrets is the least-privilege form this check recommends.
      ignoreNamed: true,
    });
  },
});
