import { defineCheck } from '../../core/check.js';
import { rbacModelOf } from '../../rbac/index.js';
import { subjectJson } from '../../rbac/query.js';
import { subjectKey } from '../../rbac/subject.js';

export default defineCheck({
  id: 'missing-service-account',
  code: 'SKD-719',
  title: 'Binding to a service account that does not exist',
  description: 'A binding names a ServiceAccount that is not defined in a namespace whose service accounts are known.',
  severity: 'low',
  category: 'rbac',
  frameworks: { mitre: ['T1078'] },
  docs: {
    rationale:
      'Anyone allowed to create service accounts in that namespace can create one of that name and inherit the binding\'s permissions. Usually a leftover or a typo that also leaves the intended workload without its rights.',
    remediation: 'Create the service account in the same change as the binding, or remove the subject.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects'],
  },
  messages: { missing: '{{problem}}.' },
  scope: 'inventory',
  check(inventory) {
    const model = rbacModelOf(inventory);
    return model.problems
      .filter((p) => p.kind === 'missing-service-account')
      .map((p) => ({
        messageId: 'missing' as const,
        entry: p.entry,
        path: ['subjects', p.subjectIndex!],
        data: { problem: p.message },
        discriminator: subjectKey(p.subject!),
        extra: { subject: subjectJson(p.subject!) },
      }));
  },
});
