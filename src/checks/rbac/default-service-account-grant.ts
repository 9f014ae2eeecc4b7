import { defineCheck } from '../../core/check.js';
import { describeRule } from '../../rbac/rules.js';
import { GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'default-service-account-grant',
  code: 'SKD-716',
  title: 'Permissions granted to a default service account',
  description: 'A binding grants permissions to the `default` service account of a namespace.',
  severity: 'medium',
  category: 'rbac',
  frameworks: { cis: ['5.1.5'], mitre: ['T1078.001', 'T1528'] },
  docs: {
    rationale:
      'Every pod that names no service account runs as `default`, so a grant to it is a grant to every such pod of the namespace, present and future, each with the token mounted unless automounting is turned off.',
    remediation: 'Create a dedicated service account for the workload that needs the permissions, bind the role to it, and set `serviceAccountName`.',
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts'],
    example: { bad: 'kind: RoleBinding\nsubjects: [{kind: ServiceAccount, name: default}]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      select: (rule) => describeRule(rule),
      subjects: (subject) => subject.kind === 'ServiceAccount' && subject.name === 'default',
      severity: { cluster: 'high', namespace: 'medium' },
    });
  },
});
