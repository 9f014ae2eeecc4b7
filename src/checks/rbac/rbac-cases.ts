/**
 * YAML builders for the RBAC checks' test cases: the binding comes first (the tester's subject),
 * its role after it. Rules and subjects are YAML flow sequences.
 */
export const APP_SA = '[{kind: ServiceAccount, name: app, namespace: team}]';

export function clusterGrant(rules: string, subjects = APP_SA, role = 'granted'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: grant}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "${role}"}
subjects: ${subjects}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "${role}"}
rules: ${rules}`;
}

export function namespaceGrant(rules: string, subjects = APP_SA, namespace = 'team'): string {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: grant, namespace: ${namespace}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: granted}
subjects: ${subjects}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: granted, namespace: ${namespace}}
rules: ${rules}`;
}

/** A RoleBinding to a ClusterRole: the ClusterRole's rules, only in the binding's namespace. */
export function namespaceGrantOfClusterRole(rules: string, subjects = APP_SA, namespace = 'team'): string {
  return clusterGrant(rules, subjects)
    .replace('kind: ClusterRoleBinding\nmetadata: {name: grant}', `kind: RoleBinding\nmetadata: {name: grant, namespace: ${namespace}}`);
}
