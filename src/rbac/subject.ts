import { UsageError } from '../core/errors.js';

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

/** A subject as bindings name it; `namespace` only for service accounts. */
export interface Subject {
  kind: SubjectKind;
  name: string;
  namespace?: string;
}

export const SYSTEM_MASTERS = 'system:masters';
export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS_USER = 'system:anonymous';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
const SA_USER_PREFIX = 'system:serviceaccount:';

export function subjectKey(subject: Subject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount:${subject.namespace ?? ''}/${subject.name}` : `${subject.kind}:${subject.name}`;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Kind, then namespace, then name, by code point (stable across locales, and fast). */
export function compareSubjects(a: Subject, b: Subject): number {
  return compareText(a.kind, b.kind) || compareText(a.namespace ?? '', b.namespace ?? '') || compareText(a.name, b.name);
}

export function describeSubject(subject: Subject): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount ${subject.namespace}/${subject.name}` : `${subject.kind} ${subject.name}`;
}

export function serviceAccount(namespace: string, name: string): Subject {
  return { kind: 'ServiceAccount', name, namespace };
}

/**
 * A service account authenticates as the user `system:serviceaccount:<ns>:<name>`, so a User
 * subject of that name is the service account: normalising it lets one index answer both.
 */
export function normaliseSubject(subject: Subject): Subject {
  if (subject.kind === 'User' && subject.name.startsWith(SA_USER_PREFIX)) {
    const rest = subject.name.slice(SA_USER_PREFIX.length);
    const colon = rest.indexOf(':');
    if (colon > 0 && colon < rest.length - 1) return serviceAccount(rest.slice(0, colon), rest.slice(colon + 1));
  }
  return subject;
}

/**
 * The groups the authenticator adds for a subject: every service account is in
 * `system:serviceaccounts` and `system:serviceaccounts:<ns>`; every authenticated identity in
 * `system:authenticated`; the anonymous user in `system:unauthenticated`.
 */
export function implicitGroups(subject: Subject): string[] {
  switch (subject.kind) {
    case 'ServiceAccount':
      return [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${subject.namespace}`, AUTHENTICATED];
    case 'User':
      return subject.name === ANONYMOUS_USER ? [UNAUTHENTICATED] : [AUTHENTICATED];
    case 'Group':
      return [];
  }
}

/** Parses `user:alice`, `group:dev`, `sa:<ns>/<name>` (also `serviceaccount:`) as typed on the command line. */
export function parseSubject(text: string): Subject {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? '' : text.slice(0, colon).toLowerCase();
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (rest === '') throw new UsageError(`subject "${text}": expected user:<name>, group:<name> or sa:<namespace>/<name>`);
  switch (kind) {
    case 'user':
      return normaliseSubject({ kind: 'User', name: rest });
    case 'group':
      return { kind: 'Group', name: rest };
    case 'sa':
    case 'serviceaccount': {
      const slash = rest.indexOf('/');
      if (slash <= 0 || slash === rest.length - 1) throw new UsageError(`subject "${text}": a service account is sa:<namespace>/<name>`);
      return serviceAccount(rest.slice(0, slash), rest.slice(slash + 1));
    }
    default:
      throw new UsageError(`subject "${text}": expected user:<name>, group:<name> or sa:<namespace>/<name>`);
  }
}
