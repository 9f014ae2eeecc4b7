import type { BindingNode } from './model.js';
import { ALL_SERVICE_ACCOUNTS, ANONYMOUS_USER, AUTHENTICATED, SYSTEM_MASTERS, UNAUTHENTICATED, type Subject } from './subject.js';

/** Groups that stand for "everyone" of some kind: never the platform's own identity. */
const BROAD_GROUPS = new Set([AUTHENTICATED, UNAUTHENTICATED, ALL_SERVICE_ACCOUNTS]);

export function isBroadGroup(subject: Subject): boolean {
  return subject.kind === 'Group' && (BROAD_GROUPS.has(subject.name) || subject.name.startsWith(`${ALL_SERVICE_ACCOUNTS}:`));
}

/**
 * Identities of the control plane itself: `system:` users (kube-controller-manager,
 * kube-scheduler, kube-proxy, nodes) and groups other than the broad ones, and service accounts
 * of kube-system.
 */
export function isPlatformSubject(subject: Subject): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name.startsWith('system:') && subject.name !== ANONYMOUS_USER;
    case 'Group':
      return subject.name.startsWith('system:') && !isBroadGroup(subject);
    case 'ServiceAccount':
      return subject.namespace === 'kube-system';
  }
}

/**
 * Kubernetes' default policy grants powerful rights to its own components (controllers read
 * secrets, create pods, escalate clusterroles); those are not the user's misconfiguration. A
 * grant is the platform's own when the role is a `system:` role (or cluster-admin to
 * system:masters) and the subject is a control-plane identity. The same role bound to anyone
 * else is reported.
 */
export function isPlatformGrant(binding: BindingNode, subject: Subject): boolean {
  if (subject.kind === 'Group' && subject.name === SYSTEM_MASTERS) return true;
  const roleName = binding.roleRef.name;
  const systemRole = roleName.startsWith('system:') || roleName === 'extension-apiserver-authentication-reader';
  return systemRole && isPlatformSubject(subject);
}
