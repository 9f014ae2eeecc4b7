import { defineCheck } from '../../core/check.js';
import { GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'cluster-admin-binding',
  code: 'SKD-701',
  title: 'Full control granted outside system:masters',
  description: 'A subject other than system:masters is granted every verb on every resource (cluster-admin or an equivalent `*` rule).',
  severity: 'critical',
  category: 'rbac',
  frameworks: { cis: ['5.1.1', '5.1.3'], mitre: ['T1078', 'T1098.006'] },
  docs: {
    rationale:
      'A rule of `*` verbs on `*` resources in `*` groups is full control: through a ClusterRoleBinding over the whole cluster (every secret, node and workload), through a RoleBinding over a namespace. Whoever holds the subject\'s credentials, or compromises the workload running as it, owns that scope. Kubernetes reserves this for the break-glass group system:masters.',
    remediation: 'Bind a role that lists only the verbs and resources the subject needs; keep cluster-admin for break-glass access.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege'],
    example: {
      bad: 'kind: ClusterRoleBinding\nroleRef: {kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: ci, namespace: ci}]\n',
    },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: [{ verb: '*', resource: '*', apiGroup: '*' }],
      severity: { cluster: 'critical', namespace: 'high' },
      includeFullControl: true,
    });
  },
});
