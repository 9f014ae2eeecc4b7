import { defineCheck } from '../../core/check.js';
import { DUTIES } from '../../rbac/duties.js';
import { roleKey, ruleAllowsCapability, type Grant, type RbacModel, type RoleNode } from '../../rbac/index.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants, type Capability } from './risky-grant.js';

const POWERFUL_CAPABILITIES = DUTIES.filter((d) => d.powerful).flatMap((d) => d.capabilities);
/** Default roles by power, for names bound that the manifests do not define. */
const DEFAULT_ROLES: Record<string, boolean> = { 'cluster-admin': true, admin: true, edit: true, view: false };

/** Whether binding the named role hands out anything powerful (unknown roles might). */
function powerfulRole(model: RbacModel, grant: Grant, kind: 'Role' | 'ClusterRole', name: string): boolean {
  const role = model.roles.get(roleKey(kind, grant.namespace, name));
  if (!role) return DEFAULT_ROLES[name] ?? true;
  // Every binding of a bind rule asks about the same few roles.
  let powerful = powerfulRoles.get(role);
  if (powerful === undefined) {
    powerful = role.rules.some(({ rule }) => POWERFUL_CAPABILITIES.some((c) => ruleAllowsCapability(rule, c, false)));
    powerfulRoles.set(role, powerful);
  }
  return powerful;
}

const powerfulRoles = new WeakMap<RoleNode, boolean>();

/**
 * `bind` limited by resourceNames to roles that grant nothing powerful is the least-privilege
 * form the remediation asks for; `escalate`, and `bind` on any or on powerful roles, are not.
 */
function dangerous(grant: Grant, allowed: readonly Capability[], model: RbacModel): boolean {
  const names = grant.effective.resourceNames;
  if (names.length === 0 || allowed.some((c) => c.verb === 'escalate')) return true;
  return allowed.some((c) => names.some((name) => powerfulRole(model, grant, c.resource === 'roles' ? 'Role' : 'ClusterRole', name)));
}

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
      grants: dangerous,
      severity: { cluster: 'critical', namespace: 'high' },
    });
  },
});
