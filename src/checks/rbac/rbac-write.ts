import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants, WRITE_VERBS } from './risky-grant.js';

export default defineCheck({
  id: 'rbac-write',
  code: 'SKD-714',
  title: 'May change RBAC objects',
  description: 'A subject may create, change or delete Roles, ClusterRoles, RoleBindings or ClusterRoleBindings.',
  severity: 'high',
  category: 'rbac',
  frameworks: { mitre: ['T1098.006'] },
  docs: {
    rationale:
      'RBAC write lets a subject hand out every permission it holds to any identity (a backdoor that survives the subject\'s removal) and delete the bindings others rely on; combined with bind or escalate, or on roles it already holds broadly, it is a path to full control.',
    remediation: 'Manage RBAC through reviewed manifests applied by a pipeline; let people read RBAC, not write it.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'],
    example: { bad: 'rules:\n- apiGroups: [rbac.authorization.k8s.io]\n  resources: [rolebindings]\n  verbs: [create, patch]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: capabilities(WRITE_VERBS, ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], 'rbac.authorization.k8s.io'),
      severity: { cluster: 'high', namespace: 'medium' },
    });
  },
});
