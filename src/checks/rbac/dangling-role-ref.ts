import { defineCheck } from '../../core/check.js';
import { rbacModelOf } from '../../rbac/index.js';

export default defineCheck({
  id: 'dangling-role-ref',
  code: 'SKD-718',
  title: 'Binding to a role that does not exist',
  description: 'A RoleBinding or ClusterRoleBinding references a Role or ClusterRole that is not defined.',
  severity: 'low',
  category: 'rbac',
  frameworks: { mitre: ['T1098.006'] },
  docs: {
    rationale:
      'A binding to a missing role grants nothing today, but whoever later creates a role of that name (a chart, an operator, an attacker with role-write rights) silently grants it to the binding\'s subjects. It usually marks a leftover of an uninstalled component or a typo.',
    remediation: 'Delete the binding, or fix its roleRef to the intended role.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding'],
  },
  messages: { dangling: '{{problem}}.' },
  scope: 'inventory',
  check(inventory) {
    return rbacModelOf(inventory)
      .problems.filter((p) => p.kind === 'dangling-role-ref')
      .map((p) => ({ messageId: 'dangling' as const, entry: p.entry, path: ['roleRef', 'name'], data: { problem: p.message } }));
  },
});
