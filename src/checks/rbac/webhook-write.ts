import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants, WRITE_VERBS } from './risky-grant.js';

export default defineCheck({
  id: 'webhook-write',
  code: 'SKD-712',
  title: 'May change admission webhooks',
  description: 'A subject may create, change or delete validating or mutating webhook configurations.',
  severity: 'high',
  category: 'rbac',
  frameworks: { cis: ['5.1.12'], mitre: ['T1562.001', 'T1610'] },
  docs: {
    rationale:
      'A mutating webhook sees and can rewrite every object sent to the API server (inject containers, read secrets in transit); deleting or loosening a validating webhook switches off the policy it enforces, this one included.',
    remediation: 'Let only the cluster administrators and the admission controllers\' own installers write webhook configurations.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks'],
    example: { bad: 'rules:\n- apiGroups: [admissionregistration.k8s.io]\n  resources: [mutatingwebhookconfigurations]\n  verbs: [create, update]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: capabilities(WRITE_VERBS, ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], 'admissionregistration.k8s.io'),
      severity: { cluster: 'high', namespace: 'high' },
    });
  },
});
