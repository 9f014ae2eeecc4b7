import { defineCheck } from '../../core/check.js';
import { unauthenticatedGrants } from './broad-groups.js';

export default defineCheck({
  id: 'authenticated-broad-grant',
  code: 'SKD-703',
  title: 'Permissions granted to every authenticated identity',
  description: 'A binding grants resource access to system:authenticated or to every service account (system:serviceaccounts[:<ns>]).',
  severity: 'high',
  category: 'rbac',
  frameworks: { cis: ['5.1.1'], mitre: ['T1078', 'T1078.001'] },
  docs: {
    rationale:
      'system:authenticated holds every user, every node and every service account of every namespace; system:serviceaccounts every pod token. On managed clusters it can include any account of the cloud provider. A grant to it is given to every compromised pod. Kubernetes itself grants them only discovery and self-review.',
    remediation: 'Bind the role to the users, groups or service accounts that need it rather than to a group that means everyone.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings'],
    example: { bad: 'kind: ClusterRoleBinding\nroleRef: {kind: ClusterRole, name: view}\nsubjects: [{kind: Group, name: system:authenticated}]\n' },
  },
  messages: { granted: '{{subject}} (every authenticated identity it stands for) can {{capabilities}} {{scope}}: {{chain}}.' },
  scope: 'inventory',
  check(inventory) {
    return unauthenticatedGrants(inventory, 'authenticated');
  },
});
