import { defineCheck } from '../../core/check.js';
import { PUBLIC_INFO_URLS, unauthenticatedGrants } from './broad-groups.js';

export default defineCheck({
  id: 'anonymous-access',
  code: 'SKD-702',
  title: 'Permissions granted to unauthenticated users',
  description: 'A binding grants something to system:anonymous or system:unauthenticated beyond the public health and version endpoints.',
  severity: 'critical',
  category: 'rbac',
  frameworks: { cis: ['5.1.1'], mitre: ['T1078.001', 'T1190'] },
  docs: {
    rationale:
      'Anyone who can reach the API server is system:anonymous in group system:unauthenticated (when anonymous authentication is on, the default). A grant to them is a grant to the internet; only the health and version endpoints (' +
      PUBLIC_INFO_URLS.join(', ') +
      ') are meant to be public.',
    remediation: 'Remove system:anonymous and system:unauthenticated from the binding; grant to an authenticated group instead.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests'],
    example: { bad: 'kind: ClusterRoleBinding\nroleRef: {kind: ClusterRole, name: view}\nsubjects: [{kind: Group, name: system:unauthenticated}]\n' },
  },
  messages: { granted: '{{subject}} (anyone who can reach the API server) can {{capabilities}} {{scope}}: {{chain}}.' },
  scope: 'inventory',
  check(inventory) {
    return unauthenticatedGrants(inventory, 'unauthenticated');
  },
});
