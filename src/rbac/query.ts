import { UsageError } from '../core/errors.js';
import type { BindingNode, EffectiveRule, IndexedRule, RbacModel, RoleNode, WorkloadIdentity } from './model.js';
import { isNamespacedResource, resolveResource } from './resources.js';
import {
  apiGroupMatches,
  describeRule,
  resourceMatches,
  verbMatches,
  ruleAllowsNonResource,
  ruleAllowsResource,
  type NonResourceRequest,
  type PolicyRule,
  type ResourceRequest,
} from './rules.js';
import { describeSubject, implicitGroups, subjectKey, SYSTEM_MASTERS, type Subject } from './subject.js';

/** One binding → role → rule chain that grants something, and where it applies. */
export interface Grant {
  binding: BindingNode;
  role: RoleNode;
  rule: EffectiveRule;
  /** The rule as it takes effect through this binding (RoleBindings drop cluster-scoped parts). */
  effective: PolicyRule;
  /** Namespace the grant applies in; undefined for a ClusterRoleBinding (every namespace and cluster-scoped). */
  namespace?: string;
}

export interface WhoCanQuery {
  verb: string;
  /** A resource request: resource, optional subresource, group (undefined: any), object name. */
  resource?: string;
  subresource?: string;
  apiGroup?: string;
  name?: string;
  /** Match rules whatever resourceNames they are limited to (risk analysis asks "on any object?"). */
  anyResourceName?: boolean;
  /** A non-resource request (`/healthz`, `/metrics`). */
  nonResourceURL?: string;
  /** Only grants that apply in this namespace; undefined: in any namespace or cluster-wide. */
  namespace?: string;
}

export interface SubjectAccess {
  subject: Subject;
  /** Members of system:masters pass every authorization check, whatever the bindings say. */
  builtin?: string;
  grants: Grant[];
}

export const MASTERS_EXPLANATION = 'members of group system:masters bypass authorization (built in, no binding needed)';

/**
 * Turns what the user typed (`get secrets`, `create pods/exec`, `get /healthz`,
 * `list deployments.apps`) into a query.
 */
export function parseWhoCanQuery(verb: string, target: string, options: { namespace?: string; name?: string } = {}): WhoCanQuery {
  if (verb.trim() === '') throw new UsageError('who-can: a verb is required');
  if (target.startsWith('/')) {
    if (options.name !== undefined) throw new UsageError('who-can: --name does not apply to a non-resource URL');
    return { verb, nonResourceURL: target };
  }
  const slash = target.indexOf('/');
  const typed = slash < 0 ? target : target.slice(0, slash);
  const subresource = slash < 0 ? undefined : target.slice(slash + 1);
  if (typed === '' || subresource === '' || subresource?.includes('/')) {
    throw new UsageError(`who-can: "${target}" is not <resource>[/<subresource>] or a /non-resource/url`);
  }
  const resolved = resolveResource(typed);
  const query: WhoCanQuery = { verb, resource: resolved.resource };
  if (resolved.group !== undefined) query.apiGroup = resolved.group;
  if (subresource !== undefined) query.subresource = subresource;
  if (options.name !== undefined) query.name = options.name;
  if (options.namespace !== undefined) query.namespace = options.namespace;
  return query;
}

/**
 * The part of a rule that takes effect through a binding. A RoleBinding grants only in its
 * namespace: rules about cluster-scoped resources and non-resource URLs grant nothing through it
 * (the authorizer consults RoleBindings only for namespaced requests).
 */
export function effectiveRule(binding: BindingNode, rule: PolicyRule): PolicyRule | undefined {
  if (binding.kind === 'ClusterRoleBinding') return rule;
  // The namespaced form depends on the rule alone: computed once per rule.
  let cached = namespacedForm.get(rule);
  if (cached === undefined) namespacedForm.set(rule, (cached = namespacedRule(rule) ?? null));
  return cached ?? undefined;
}

const namespacedForm = new WeakMap<PolicyRule, PolicyRule | null>();

function namespacedRule(rule: PolicyRule): PolicyRule | undefined {
  const resources = rule.resources.filter((r) => {
    const slash = r.indexOf('/');
    return isNamespacedResource(slash < 0 ? r : r.slice(0, slash));
  });
  if (resources.length === 0 || rule.verbs.length === 0) return undefined;
  if (resources.length === rule.resources.length && rule.nonResourceURLs.length === 0) return rule;
  return { ...rule, resources, nonResourceURLs: [] };
}

/** A set of grants keyed by binding and rule: the same chain reached twice counts once. */
export class GrantSet {
  private readonly seen = new Map<BindingNode, Set<EffectiveRule>>();
  readonly grants: Grant[] = [];

  /** Adds the grant unless its binding → rule chain is already in; says whether it was new. */
  add(grant: Grant): boolean {
    let rules = this.seen.get(grant.binding);
    if (!rules) this.seen.set(grant.binding, (rules = new Set()));
    if (rules.has(grant.rule)) return false;
    rules.add(grant.rule);
    this.grants.push(grant);
    return true;
  }
}

export function candidateRules(model: RbacModel, query: WhoCanQuery): IndexedRule[] {
  if (query.nonResourceURL !== undefined) return model.nonResourceRules;
  const keys = [query.resource!, '*'];
  if (query.subresource) keys.push(`${query.resource}/${query.subresource}`, `*/${query.subresource}`);
  return keys.flatMap((k) => model.rulesByResource.get(k) ?? []);
}

export function allows(rule: PolicyRule, query: WhoCanQuery): boolean {
  if (query.nonResourceURL !== undefined) return ruleAllowsNonResource(rule, { verb: query.verb, path: query.nonResourceURL });
  const request: ResourceRequest = { verb: query.verb, apiGroup: query.apiGroup, resource: query.resource! };
  if (query.subresource !== undefined) request.subresource = query.subresource;
  if (query.name !== undefined) request.name = query.name;
  if (query.anyResourceName) {
    return verbMatches(rule, request.verb) && apiGroupMatches(rule, request.apiGroup) && resourceMatches(rule, request.resource, request.subresource);
  }
  return ruleAllowsResource(rule, request);
}

/** Every grant (binding → role → rule) that allows the request. */
export function grantsFor(model: RbacModel, query: WhoCanQuery): Grant[] {
  const grants: Grant[] = [];
  const seen = new Set<IndexedRule>();
  const namespacedRequest = query.nonResourceURL === undefined && isNamespacedResource(query.resource!);
  for (const indexed of candidateRules(model, query)) {
    if (seen.has(indexed)) continue;
    seen.add(indexed);
    const rule = indexed.rule.rule;
    if (!allows(rule, query)) continue;
    for (const binding of indexed.role.bindings) {
      if (binding.subjects.length === 0) continue;
      let effective: PolicyRule | undefined = rule;
      if (binding.kind === 'RoleBinding') {
        // RoleBindings grant only namespaced requests, in their own namespace.
        if (!namespacedRequest || (query.namespace !== undefined && binding.namespace !== query.namespace)) continue;
        effective = effectiveRule(binding, rule);
        if (!effective) continue;
      }
      const grant: Grant = { binding, role: indexed.role, rule: indexed.rule, effective };
      if (binding.namespace !== undefined) grant.namespace = binding.namespace;
      grants.push(grant);
    }
  }
  return grants;
}

/**
 * Every subject that may perform the request, each with the chains that grant it; the group
 * system:masters is always among them.
 */
export function whoCan(model: RbacModel, query: WhoCanQuery): SubjectAccess[] {
  const bySubject = new Map<string, SubjectAccess>();
  const masters: Subject = { kind: 'Group', name: SYSTEM_MASTERS };
  bySubject.set(subjectKey(masters), { subject: masters, builtin: MASTERS_EXPLANATION, grants: [] });
  for (const grant of grantsFor(model, query)) {
    const { subjects, subjectKeys } = grant.binding;
    for (let i = 0; i < subjects.length; i++) {
      const key = subjectKeys[i]!;
      let access = bySubject.get(key);
      if (!access) bySubject.set(key, (access = { subject: subjects[i]!, grants: [] }));
      // grantsFor yields each binding → rule chain once; a subject listed twice in one binding repeats it.
      if (access.grants[access.grants.length - 1] !== grant) access.grants.push(grant);
    }
  }
  return [...bySubject.values()].sort((a, b) => compareSubjects(a.subject, b.subject));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Kind, then namespace, then name, by code point (stable across locales, and fast). */
export function compareSubjects(a: Subject, b: Subject): number {
  return compareText(a.kind, b.kind) || compareText(a.namespace ?? '', b.namespace ?? '') || compareText(a.name, b.name);
}

/** The permissions a subject holds, directly or through the groups it is in. */
export interface SubjectPermissions {
  subject: Subject;
  /** The subject is system:masters: everything is allowed. */
  allPowerful: boolean;
  /** Identities whose bindings count: the subject and its implicit groups. */
  identities: Subject[];
  grants: { as: Subject; grant: Grant }[];
}

export function identitiesOf(subject: Subject, extraGroups: readonly string[] = []): Subject[] {
  const groups = new Set([...implicitGroups(subject), ...extraGroups]);
  return [subject, ...[...groups].filter((g) => !(subject.kind === 'Group' && g === subject.name)).map((name) => ({ kind: 'Group' as const, name }))];
}

export function permissionsOf(model: RbacModel, subject: Subject, extraGroups: readonly string[] = []): SubjectPermissions {
  const identities = identitiesOf(subject, extraGroups);
  const result: SubjectPermissions = {
    subject,
    allPowerful: identities.some((s) => s.kind === 'Group' && s.name === SYSTEM_MASTERS),
    identities,
    grants: [],
  };
  for (const identity of identities) {
    for (const binding of model.bindingsBySubject.get(subjectKey(identity)) ?? []) {
      if (!binding.role) continue;
      for (const rule of binding.role.rules) {
        const effective = effectiveRule(binding, rule.rule);
        if (!effective) continue;
        const grant: Grant = { binding, role: binding.role, rule, effective };
        if (binding.namespace !== undefined) grant.namespace = binding.namespace;
        result.grants.push({ as: identity, grant });
      }
    }
  }
  return result;
}

/** Whether a subject may perform one request in a namespace (undefined: a cluster-wide request). */
export function can(
  model: RbacModel,
  subject: Subject,
  request: ({ kind: 'resource' } & ResourceRequest) | ({ kind: 'nonResource' } & NonResourceRequest),
  namespace?: string,
): boolean {
  const permissions = permissionsOf(model, subject);
  if (permissions.allPowerful) return true;
  return permissions.grants.some(({ grant }) => {
    if (grant.namespace !== undefined && grant.namespace !== namespace) return false;
    if (request.kind === 'nonResource') return grant.namespace === undefined && ruleAllowsNonResource(grant.effective, request);
    if (grant.namespace !== undefined && !isNamespacedResource(request.resource)) return false;
    return ruleAllowsResource(grant.effective, request);
  });
}

function describeRole(role: RoleNode): string {
  return role.kind === 'Role' ? `Role ${role.namespace}/${role.name}` : `ClusterRole ${role.name}`;
}

export function describeBinding(binding: BindingNode): string {
  return binding.kind === 'RoleBinding' ? `RoleBinding ${binding.namespace}/${binding.name}` : `ClusterRoleBinding ${binding.name}`;
}

const grantDescriptions = new WeakMap<BindingNode, Map<EffectiveRule, string>>();

/** `RoleBinding test/read-secrets → ClusterRole admin (aggregated from ClusterRole edit) → rules[3]: get secrets` */
export function describeGrant(grant: Grant): string {
  let byRule = grantDescriptions.get(grant.binding);
  if (!byRule) grantDescriptions.set(grant.binding, (byRule = new Map()));
  let text = byRule.get(grant.rule);
  if (text === undefined) {
    const source = grant.rule.source !== grant.role ? ` (aggregated from ${describeRole(grant.rule.source)})` : '';
    text = `${describeBinding(grant.binding)} → ${describeRole(grant.role)}${source} → rules[${grant.rule.index}]: ${describeRule(grant.effective)}`;
    byRule.set(grant.rule, text);
  }
  return text;
}

export function scopeOf(grant: Grant): string {
  return grant.namespace === undefined ? 'cluster-wide' : `namespace ${grant.namespace}`;
}

const grantJsons = new WeakMap<BindingNode, Map<EffectiveRule, Readonly<Record<string, unknown>>>>();

/**
 * The JSON form of a grant chain (`via` entries of who-can, can and findings). The same chain
 * recurs across findings and queries: built once, shared, frozen.
 */
export function grantJson(grant: Grant): Readonly<Record<string, unknown>> {
  let byRule = grantJsons.get(grant.binding);
  if (!byRule) grantJsons.set(grant.binding, (byRule = new Map()));
  let json = byRule.get(grant.rule);
  if (!json) byRule.set(grant.rule, (json = Object.freeze(buildGrantJson(grant))));
  return json;
}

function buildGrantJson(grant: Grant): Record<string, unknown> {
  const ref = (kind: string, name: string, namespace?: string) => (namespace === undefined ? { kind, name } : { kind, name, namespace });
  const json: Record<string, unknown> = {
    binding: ref(grant.binding.kind, grant.binding.name, grant.binding.namespace),
    role: ref(grant.role.kind, grant.role.name, grant.role.namespace),
  };
  if (grant.rule.source !== grant.role) json.aggregatedFrom = ref(grant.rule.source.kind, grant.rule.source.name, grant.rule.source.namespace);
  json.ruleIndex = grant.rule.index;
  json.rule = ruleJson(grant.effective);
  json.scope = grant.namespace === undefined ? { clusterWide: true } : { namespace: grant.namespace };
  json.explanation = describeGrant(grant);
  return json;
}

function ruleJson(rule: PolicyRule): Record<string, string[]> {
  const json: Record<string, string[]> = { verbs: rule.verbs };
  if (rule.resources.length > 0) json.apiGroups = rule.apiGroups;
  if (rule.resources.length > 0) json.resources = rule.resources;
  if (rule.resourceNames.length > 0) json.resourceNames = rule.resourceNames;
  if (rule.nonResourceURLs.length > 0) json.nonResourceURLs = rule.nonResourceURLs;
  return json;
}

/** `{"kind","name","namespace"}` with namespace only for service accounts, as the CLI prints subjects. */
export function subjectJson(subject: Subject): Record<string, string> {
  return subject.kind === 'ServiceAccount' ? { kind: subject.kind, name: subject.name, namespace: subject.namespace! } : { kind: subject.kind, name: subject.name };
}

/** Workloads named `<namespace>/<name>` (any kind), or `<namespace>/<Kind>/<name>`. */
export function findWorkloads(model: RbacModel, text: string): WorkloadIdentity[] {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    throw new UsageError(`workload "${text}": expected <namespace>/<name> or <namespace>/<Kind>/<name>`);
  }
  const [namespace, kind, name] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
  return model.workloads.filter(
    (w) => w.namespace === namespace && w.entry.object.metadata?.name === name && (kind === undefined || w.entry.object.kind.toLowerCase() === kind.toLowerCase()),
  );
}

export { describeSubject };
