import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'token-create',
  code: 'SKD-709',
  title: 'May mint service-account tokens',
  description: 'A subject may create serviceaccounts/token, i.e. issue tokens for service accounts.',
  severity: 'critical',
  category: 'rbac',
  frameworks: { cis: ['5.1.13'], mitre: ['T1528', 'T1550.001'] },
  docs: {
    rationale:
      'The TokenRequest API issues a token for any service account the subject may name: the subject then acts as that account, with its rights, from anywhere, for as long as the token lives.',
    remediation: 'Remove create on serviceaccounts/token, or limit it with resourceNames to the accounts concerned.',
    references: ['https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/'],
    example: { bad: 'rules:\n- apiGroups: [""]\n  resources: [serviceaccounts/token]\n  verbs: [create]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: capabilities(['create'], ['serviceaccounts/token'], ''),
      severity: { cluster: 'critical', namespace: 'high' },
    });
  },
});
