import { type AuditEvent, actingUser, textOf } from './event.js';

/**
 * Least privilege learned from usage (the job of audit2rbac): from the requests one identity made,
 * the smallest Roles/ClusterRoles and bindings that allow them. Requests that were refused (403)
 * count by default, as in audit2rbac: the point is to grant what a workload needs before it runs
 * with its real permissions. `onlyAllowed` keeps only requests that were authorized.
 */

export type Identity = { kind: 'User'; name: string } | { kind: 'ServiceAccount'; namespace: string; name: string };

export function identityUserName(id: Identity): string {
  return id.kind === 'User' ? id.name : `system:serviceaccount:${id.namespace}:${id.name}`;
}

export interface AdviseOptions {
  onlyAllowed?: boolean;
  /** Widen a permission used in two or more namespaces to the whole cluster (audit2rbac's default). */
  widenAcrossNamespaces?: boolean;
  /** Expand verbs the way clients use them together: list/watch/get, update/patch. */
  expandVerbs?: boolean;
}

/** One permission as the authorizer sees it. `namespace` '' means cluster scope. */
export interface Grant {
  namespace: string;
  apiGroup: string;
  resource: string;
  verb: string;
  resourceName: string;
  nonResourceURL?: string;
}

const VERB_EXPANSION: Record<string, string[]> = {
  list: ['get', 'list', 'watch'],
  watch: ['get', 'list', 'watch'],
  update: ['get', 'update', 'patch'],
  patch: ['get', 'update', 'patch'],
};
/** Verbs that can be restricted to named objects. */
const NAMEABLE = new Set(['get', 'update', 'patch', 'delete']);

function apiGroupOf(ev: AuditEvent): string {
  const ref = ev.objectRef;
  const group = textOf(ref?.apiGroup);
  if (group !== undefined) return group;
  const v = textOf(ref?.apiVersion) ?? '';
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
}

/** The parts of an event a permission is about, each a string or absent (logs may hold anything). */
function requestOf(ev: AuditEvent): { verb?: string; resource?: string; subresource?: string; namespace?: string; name?: string; path: string } {
  const ref = ev.objectRef;
  return {
    verb: textOf(ev.verb),
    resource: textOf(ref?.resource),
    subresource: textOf(ref?.subresource),
    namespace: textOf(ref?.namespace),
    name: textOf(ref?.name),
    path: (textOf(ev.requestURI) ?? '').split('?')[0],
  };
}

function counts(ev: AuditEvent, id: string, options: AdviseOptions): boolean {
  if (ev.stage !== 'ResponseComplete' && ev.stage !== 'ResponseStarted') return false;
  if (actingUser(ev) !== id) return false;
  const code = ev.responseStatus?.code;
  if (code === 401) return false;
  if (options.onlyAllowed && (code === 403 || ev.annotations?.['authorization.k8s.io/decision'] === 'forbid')) return false;
  return true;
}

interface Usage {
  /** (group, resource, verb) → namespace → names used ('' for unnamed requests). */
  resources: Map<string, Map<string, Set<string>>>;
  nonResource: Map<string, Set<string>>;
}

function collect(events: Iterable<AuditEvent>, id: string, options: AdviseOptions): Usage {
  const usage: Usage = { resources: new Map(), nonResource: new Map() };
  for (const ev of events) {
    const r = requestOf(ev);
    if (!counts(ev, id, options) || !r.verb) continue;
    if (!r.resource) {
      if (!r.path) continue;
      const verbs = usage.nonResource.get(r.path) ?? new Set();
      verbs.add(r.verb);
      usage.nonResource.set(r.path, verbs);
      continue;
    }
    const resource = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    const verbs = options.expandVerbs === false ? [r.verb] : (VERB_EXPANSION[r.verb] ?? [r.verb]);
    for (const verb of verbs) {
      const key = JSON.stringify([apiGroupOf(ev), resource, verb]);
      const byNs = usage.resources.get(key) ?? new Map<string, Set<string>>();
      const names = byNs.get(r.namespace ?? '') ?? new Set<string>();
      names.add(NAMEABLE.has(verb) && r.name ? r.name : '');
      byNs.set(r.namespace ?? '', names);
      usage.resources.set(key, byNs);
    }
  }
  return usage;
}

/** The grants that allow exactly the observed usage (after verb expansion and widening). */
export function grantsFor(events: Iterable<AuditEvent>, identity: Identity, options: AdviseOptions = {}): Grant[] {
  const usage = collect(events, identityUserName(identity), options);
  const grants: Grant[] = [];
  for (const [key, byNs] of usage.resources) {
    const [apiGroup, resource, verb] = JSON.parse(key) as [string, string, string];
    const namespaces = [...byNs.keys()];
    const widen = byNs.has('') || ((options.widenAcrossNamespaces ?? true) && namespaces.length > 1);
    const scopes: [string, Set<string>][] = widen ? [['', new Set([...byNs.values()].flatMap((s) => [...s]))]] : [...byNs.entries()];
    for (const [namespace, names] of scopes) {
      // One object by name stays named; several, or any unnamed use, needs the unnamed grant.
      const named = names.size === 1 && !names.has('') ? [...names][0] : '';
      grants.push({ namespace, apiGroup, resource, verb, resourceName: named });
    }
  }
  for (const [url, verbs] of usage.nonResource) {
    for (const verb of verbs) grants.push({ namespace: '', apiGroup: '', resource: '', verb, resourceName: '', nonResourceURL: url });
  }
  return grants;
}

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

/** Merges grants of one scope into few rules: resources sharing group, verbs and name go together. */
function rulesOf(grants: Grant[]): PolicyRule[] {
  const verbsByTarget = new Map<string, Set<string>>();
  for (const g of grants) {
    const target = JSON.stringify(g.nonResourceURL !== undefined ? ['url', g.nonResourceURL] : ['res', g.apiGroup, g.resource, g.resourceName]);
    const verbs = verbsByTarget.get(target) ?? new Set();
    verbs.add(g.verb);
    verbsByTarget.set(target, verbs);
  }
  const rules = new Map<string, PolicyRule>();
  for (const [target, verbSet] of verbsByTarget) {
    const t = JSON.parse(target) as string[];
    const verbs = [...verbSet].sort();
    if (t[0] === 'url') {
      const key = JSON.stringify(['url', verbs]);
      const rule = rules.get(key) ?? { nonResourceURLs: [], verbs };
      rule.nonResourceURLs?.push(t[1]);
      rules.set(key, rule);
      continue;
    }
    const [, group, resource, name] = t;
    const key = JSON.stringify(['res', group, name, verbs]);
    const rule = rules.get(key) ?? { apiGroups: [group], resources: [], ...(name ? { resourceNames: [name] } : {}), verbs };
    rule.resources?.push(resource);
    rules.set(key, rule);
  }
  const out = [...rules.values()];
  for (const r of out) {
    r.resources?.sort();
    r.nonResourceURLs?.sort();
  }
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function subjectOf(identity: Identity): Record<string, string> {
  return identity.kind === 'User'
    ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: identity.name }
    : { kind: 'ServiceAccount', name: identity.name, namespace: identity.namespace };
}

/** Kubernetes objects (Roles, ClusterRole, and their bindings) granting exactly `grants`. */
export function rbacObjects(grants: Grant[], identity: Identity): Record<string, unknown>[] {
  const idName = identityUserName(identity);
  const name = `stockade:${idName.replace(/^system:serviceaccount:/, '')}`;
  const labels = { 'stockade.dev/generated': 'true', 'stockade.dev/identity': idName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63) };
  const byNamespace = new Map<string, Grant[]>();
  for (const g of grants) byNamespace.set(g.namespace, [...(byNamespace.get(g.namespace) ?? []), g]);
  const objects: Record<string, unknown>[] = [];
  const cluster = byNamespace.get('');
  if (cluster) {
    objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels }, rules: rulesOf(cluster) });
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [subjectOf(identity)],
    });
  }
  for (const ns of [...byNamespace.keys()].filter((n) => n !== '').sort()) {
    objects.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: ns, labels }, rules: rulesOf(byNamespace.get(ns) ?? []) });
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [subjectOf(identity)],
    });
  }
  return objects;
}

/** Parses `--serviceaccount ns/name` or `--user name` into an identity. */
export function parseIdentity(user: string | undefined, serviceAccount: string | undefined): Identity | string {
  if ((user === undefined) === (serviceAccount === undefined)) return 'give exactly one of --user NAME or --serviceaccount NAMESPACE/NAME';
  if (user !== undefined) {
    const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user);
    return sa ? { kind: 'ServiceAccount', namespace: sa[1], name: sa[2] } : { kind: 'User', name: user };
  }
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(serviceAccount ?? '');
  if (!m) return '--serviceaccount must be NAMESPACE/NAME';
  return { kind: 'ServiceAccount', namespace: m[1], name: m[3] };
}

/** One request the identity made, as the authorizer would be asked it. */
export interface ObservedRequest {
  namespace?: string;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  name?: string;
  /** Set for non-resource requests (`/healthz`, `/apis`). */
  path?: string;
}

/** The requests one identity made (allowed or not), and the groups the log shows it in. */
export function observedRequests(events: Iterable<AuditEvent>, identity: Identity): { requests: ObservedRequest[]; groups: string[] } {
  const id = identityUserName(identity);
  const seen = new Map<string, ObservedRequest>();
  const groups = new Set<string>();
  for (const ev of events) {
    const r = requestOf(ev);
    if (!counts(ev, id, {}) || !r.verb) continue;
    const userGroups = (ev.impersonatedUser ?? ev.user)?.groups;
    if (Array.isArray(userGroups)) for (const g of userGroups) if (typeof g === 'string') groups.add(g);
    const req: ObservedRequest = r.resource
      ? { namespace: r.namespace, verb: r.verb, apiGroup: apiGroupOf(ev), resource: r.resource, subresource: r.subresource, name: r.name }
      : { verb: r.verb, apiGroup: '', resource: '', path: r.path };
    seen.set(JSON.stringify(req), req);
  }
  return { requests: [...seen.values()], groups: [...groups].sort() };
}

/** A rule the identity holds through some binding, as the RBAC model reports it. */
export interface HeldRule {
  /** Human description of the chain: binding → role → rule. */
  via: string;
  /** Namespace the rule applies in; undefined for cluster-wide. */
  namespace?: string;
  rule: { verbs: string[]; apiGroups: string[]; resources: string[]; resourceNames: string[]; nonResourceURLs: string[] };
}

/** The authorizer's matching, supplied by the RBAC analyser. */
export type RuleMatcher = (rule: HeldRule['rule'], request: ObservedRequest) => boolean;

export interface RuleUsage {
  held: HeldRule;
  status: 'used' | 'partly-used' | 'unused';
  used: number;
  unusedVerbs: string[];
  unusedResources: string[];
}

/** For each rule held, whether the log shows it used, and which of its listed verbs and resources never were. */
export function compareUsage(held: readonly HeldRule[], requests: readonly ObservedRequest[], allows: RuleMatcher): RuleUsage[] {
  return held.map((h) => {
    const inScope = requests.filter((r) => h.namespace === undefined || r.namespace === h.namespace);
    const usedBy = (rule: HeldRule['rule']) => inScope.filter((r) => allows(rule, r)).length;
    const used = usedBy(h.rule);
    const unusedVerbs = used === 0 ? [] : h.rule.verbs.filter((v) => v !== '*' && usedBy({ ...h.rule, verbs: [v] }) === 0);
    const unusedResources = used === 0 ? [] : h.rule.resources.filter((res) => res !== '*' && usedBy({ ...h.rule, resources: [res] }) === 0);
    const status = used === 0 ? 'unused' : unusedVerbs.length + unusedResources.length > 0 ? 'partly-used' : 'used';
    return { held: h, status, used, unusedVerbs, unusedResources };
  });
}
