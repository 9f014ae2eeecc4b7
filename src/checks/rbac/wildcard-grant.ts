import { defineCheck } from '../../core/check.js';
import { GRANTED_MESSAGE, riskyGrants, WRITE_VERBS } from './risky-grant.js';

export default defineCheck({
  id: 'wildcard-grant',
  code: 'SKD-715',
  title: 'Wildcard verbs or wildcard writes',
  description: 'A subject is granted `*` verbs on some resource, or a write verb on `*` resources.',
  severity: 'medium',
  category: 'rbac',
  frameworks: { cis: ['5.1.3'], mitre: ['T1078', 'T1485'] },
  docs: {
    rationale:
      'A `*` grants every verb that exists now and any added later (escalate, bind, impersonate, approve are verbs too); `*` resources grant every resource and subresource, present and future, including secrets and custom resources. Deleting everything is as damaging as reading everything.',
    remediation: 'List the verbs and resources the subject needs.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege'],
    example: { bad: 'rules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: ["*"]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      select: (rule) => {
        if (rule.verbs.includes('*')) return `* verbs on ${rule.resources.length > 0 ? rule.resources.join(',') : rule.nonResourceURLs.join(',')}`;
        const writes = rule.verbs.filter((v) => (WRITE_VERBS as readonly string[]).includes(v));
        return rule.resources.includes('*') && writes.length > 0 ? `${writes.join(',')} on * resources` : undefined;
      },
      severity: { cluster: 'high', namespace: 'medium' },
    });
  },
});
