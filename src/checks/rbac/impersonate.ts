import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'impersonate',
  code: 'SKD-708',
  title: 'May impersonate users, groups or service accounts',
  description: 'A subject holds the `impersonate` verb on users, groups, service accounts, uids or user extras.',
  severity: 'critical',
  category: 'rbac',
  frameworks: { cis: ['5.1.8'], mitre: ['T1078', 'T1550.001'] },
  docs: {
    rationale:
      'Impersonation makes each request run as another identity: impersonating the group system:masters, any user or a powerful service account gives that identity\'s rights, including full control. Audit logs then attribute the actions to the impersonated identity.',
    remediation: 'Remove impersonate, or limit it with resourceNames to the exact identities a proxy must act as.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation'],
    example: { bad: 'rules:\n- apiGroups: [""]\n  resources: [users, groups, serviceaccounts]\n  verbs: [impersonate]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: [
        ...capabilities(['impersonate'], ['users', 'groups', 'serviceaccounts'], ''),
        ...capabilities(['impersonate'], ['userextras', 'uids'], 'authentication.k8s.io'),
      ],
      severity: { cluster: 'critical', namespace: 'high' },
    });
  },
});
