import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'escalate-bind',
  code: 'SKD-707',
  title: 'May escalate or bind roles',
  description: 'A subject holds the `escalate` or `bind` verb on roles or clusterroles, which lift RBAC\'s privilege-escalation prevention.',
  severity: 'critical',
  category: 'rbac',
  frameworks: { cis: ['5.1.8'], mitre: ['T1098.006', 'T1078'] },
  docs: {
    rationale:
      'RBAC normally refuses to let anyone create or change a role with permissions they do not hold, or bind a role they do not hold. `escalate` lifts the first check (edit a role to grant anything), `bind` the second (bind cluster-admin to yourself): either turns a narrow grant into full control.',
    remediation: 'Remove escalate and bind; where a controller must bind roles, limit bind with resourceNames to the roles it hands out.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'],
    example: { bad: 'rules:\n- apiGroups: [rbac.authorization.k8s.io]\n  resources: [clusterroles]\n  verbs: [escalate, bind]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: capabilities(['escalate', 'bind'], ['roles', 'clusterroles'], 'rbac.authorization.k8s.io'),
      severity: { cluster: 'critical', namespace: 'high' },
    });
  },
});
