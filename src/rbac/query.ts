import { UsageError } from '../core/errors.js';
import type { BindingNode, EffectiveRule, IndexedRule, RbacModel, RoleNode, RuleList, WorkloadIdentity } from './model.js';
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
  return binding.kind === 'ClusterRoleBinding' ? rule : roleBindingForm(rule);
}

/** The part of a rule any RoleBinding grants (undefined: nothing); it depends on the rule alone, so is computed once per rule. */
export function roleBindingForm(rule: PolicyRule): PolicyRule | undefined {
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

/**
 * The indexed rules that may allow the request: those listing its resource, `*`, or (for a
 * subresource) `<resource>/<sub>` or `*\/<sub>`. A rule listing several of them is in several
 * lists, so the lists are returned as they are and callers skip a rule met twice.
 */
export function candidateRules(model: RbacModel, query: WhoCanQuery): RuleList[] {
  if (query.nonResourceURL !== undefined) return [model.nonResourceRules];
  const keys = [query.resource!, '*'];
  if (query.subresource) keys.push(`${query.resource}/${query.subresource}`, `*/${query.subresource}`);
  const lists: RuleList[] = [];
  for (const key of keys) {
    const list = model.rulesByResource.get(key);
    if (list) lists.push(list);
  }
  return lists;
}

/**
 * Whether each rule allows the request, tested once per distinct rule (the model interns
 * rules: thousands of roles share a few dozen).
 */
export class Verdicts {
  private readonly known = new Map<PolicyRule, boolean>();

  constructor(private readonly query: WhoCanQuery) {}

  allows(rule: PolicyRule): boolean {
    let allowed = this.known.get(rule);
    if (allowed === undefined) this.known.set(rule, (allowed = allows(rule, this.query)));
    return allowed;
  }

  /** Whether some rule of the list allows the request: most lists hold copies of a few rules, and are passed over whole. */
  anyIn(list: RuleList): boolean {
    return list.distinct.some((rule) => this.allows(rule));
  }
}

function allows(rule: PolicyRule, query: WhoCanQuery): boolean {
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
  const namespacedRequest = query.nonResourceURL === undefined && isNamespacedResource(query.resource!);
  const verdicts = new Verdicts(query);
  const lists = candidateRules(model, query).filter((list) => verdicts.anyIn(list));
  // A rule is in several lists only when it names several of the keys: only then is a set needed.
  const seen = lists.length > 1 ? new Set<IndexedRule>() : undefined;
  for (const list of lists) {
    for (const indexed of list.entries) {
      if (!verdicts.allows(indexed.rule.rule)) continue;
      if (seen) {
        if (seen.has(indexed)) continue;
        seen.add(indexed);
      }
      addGrants(indexed, query, namespacedRequest, grants);
    }
  }
  return grants;
}

/** The grants of a rule that allows the request, one per binding of its role that applies. */
function addGrants(indexed: IndexedRule, query: WhoCanQuery, namespacedRequest: boolean, grants: Grant[]): void {
  const rule = indexed.rule.rule;
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

/**
 * Every subject that may perform the request, each with the chains that grant it; the group
 * system:masters is always among them. Sorted by kind, namespace and name: by the subjects'
 * ranks, sorted once when the model was built.
 */
export function whoCan(model: RbacModel, query: WhoCanQuery): SubjectAccess[] {
  const byRank: (SubjectAccess | undefined)[] = new Array(model.subjectOrder.length);
  const found: number[] = [model.mastersRank];
  byRank[model.mastersRank] = { subject: { kind: 'Group', name: SYSTEM_MASTERS }, builtin: MASTERS_EXPLANATION, grants: [] };
  for (const grant of grantsFor(model, query)) {
    const { subjects, subjectRanks } = grant.binding;
    for (let i = 0; i < subjects.length; i++) {
      const rank = subjectRanks[i]!;
      const access = byRank[rank];
      if (!access) {
        // Most subjects hold one or two chains: their lists start at the size they need.
        byRank[rank] = { subject: subjects[i]!, grants: [grant] };
        found.push(rank);
      } else if (access.grants[access.grants.length - 1] !== grant) {
        // grantsFor yields each binding → rule chain once; a subject listed twice in one binding repeats it.
        access.grants.push(grant);
      }
    }
  }
  const ranks = Int32Array.from(found).sort();
  const result: SubjectAccess[] = new Array(ranks.length);
  for (let i = 0; i < ranks.length; i++) result[i] = byRank[ranks[i]!]!;
  return result;
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

/** `RoleBinding ns/name`, `ClusterRoleBinding name`: built once per binding. */
export function describeBinding(binding: BindingNode): string {
  return textsOf(binding).described;
}

/**
 * What is said of one binding's grants, built once and shared by every finding and query that
 * names it: its description and JSON reference.
 */
interface BindingTexts {
  described: string;
  ref: Readonly<Record<string, string>>;
}

const bindingTexts = new WeakMap<BindingNode, BindingTexts>();

function textsOf(binding: BindingNode): BindingTexts {
  let texts = bindingTexts.get(binding);
  if (!texts) {
    const described = binding.kind === 'RoleBinding' ? `RoleBinding ${binding.namespace}/${binding.name}` : `ClusterRoleBinding ${binding.name}`;
    bindingTexts.set(binding, (texts = { described, ref: refJson(binding.kind, binding.name, binding.namespace) }));
  }
  return texts;
}

/**
 * The part of a chain after the binding: ` → role (aggregated from source) → rules[i]: rule`.
 * It depends on the role's rule and the binding's kind alone, so is shared by every binding to the role.
 */
const ruleTails = new WeakMap<EffectiveRule, Map<PolicyRule, string>>();

function ruleTail(role: RoleNode, rule: EffectiveRule, effective: PolicyRule): string {
  let byEffective = ruleTails.get(rule);
  if (!byEffective) ruleTails.set(rule, (byEffective = new Map()));
  let tail = byEffective.get(effective);
  if (tail === undefined) {
    const source = rule.source !== role ? ` (aggregated from ${describeRole(rule.source)})` : '';
    tail = ` → ${describeRole(role)}${source} → rules[${rule.index}]: ${describeRule(effective)}`;
    byEffective.set(effective, tail);
  }
  return tail;
}

/** `RoleBinding test/read-secrets → ClusterRole admin (aggregated from ClusterRole edit) → rules[3]: get secrets` */
export function describeGrant(grant: Grant): string {
  return describeChain(grant.binding, grant.role, grant.rule, grant.effective);
}

/** describeGrant of the chain binding → role → rule taking effect as `effective`, for callers holding no Grant. */
export function describeChain(binding: BindingNode, role: RoleNode, rule: EffectiveRule, effective: PolicyRule): string {
  return textsOf(binding).described + ruleTail(role, rule, effective);
}

export function scopeOf(grant: Grant): string {
  return grant.namespace === undefined ? 'cluster-wide' : `namespace ${grant.namespace}`;
}

/**
 * The JSON form of a grant chain (`via` entries of who-can, can and findings). The same chain
 * recurs across findings and queries: built once, shared, frozen (and so are its parts, which
 * chains through the same role, rule or namespace share).
 */
export function grantJson(grant: Grant): Readonly<Record<string, unknown>> {
  return chainJson(grant.binding, grant.role, grant.rule, grant.effective, grant.namespace);
}

// By rule, then binding: a few thousand rules are reported through tens of thousands of bindings.
const chainJsons = new WeakMap<EffectiveRule, Map<BindingNode, Readonly<Record<string, unknown>>>>();

/** grantJson of a chain given by its parts, for callers holding no Grant. */
export function chainJson(
  binding: BindingNode,
  role: RoleNode,
  rule: EffectiveRule,
  effective: PolicyRule,
  namespace: string | undefined,
): Readonly<Record<string, unknown>> {
  let byBinding = chainJsons.get(rule);
  if (!byBinding) chainJsons.set(rule, (byBinding = new Map()));
  let json = byBinding.get(binding);
  if (!json) {
    const texts = textsOf(binding);
    const built: Record<string, unknown> = { binding: texts.ref, role: roleRef(role) };
    if (rule.source !== role) built.aggregatedFrom = roleRef(rule.source);
    built.ruleIndex = rule.index;
    built.rule = ruleJson(effective);
    built.scope = scopeJson(namespace);
    built.explanation = texts.described + ruleTail(role, rule, effective);
    byBinding.set(binding, (json = Object.freeze(built)));
  }
  return json;
}

const roleRefs = new WeakMap<RoleNode, Readonly<Record<string, string>>>();

function roleRef(role: RoleNode): Readonly<Record<string, string>> {
  let ref = roleRefs.get(role);
  if (!ref) roleRefs.set(role, (ref = refJson(role.kind, role.name, role.namespace)));
  return ref;
}

function refJson(kind: string, name: string, namespace: string | undefined): Readonly<Record<string, string>> {
  const ref: Record<string, string> = namespace === undefined ? { kind, name } : { kind, name, namespace };
  return Object.freeze(ref);
}

const CLUSTER_WIDE = Object.freeze({ clusterWide: true });
const namespaceScopes = new Map<string, Readonly<Record<string, string>>>();

function scopeJson(namespace: string | undefined): Readonly<Record<string, unknown>> {
  if (namespace === undefined) return CLUSTER_WIDE;
  let scope = namespaceScopes.get(namespace);
  if (!scope) namespaceScopes.set(namespace, (scope = Object.freeze({ namespace })));
  return scope;
}

const ruleJsons = new WeakMap<PolicyRule, Readonly<Record<string, string[]>>>();

function ruleJson(rule: PolicyRule): Readonly<Record<string, string[]>> {
  let json = ruleJsons.get(rule);
  if (json) return json;
  const built: Record<string, string[]> = { verbs: rule.verbs };
  if (rule.resources.length > 0) built.apiGroups = rule.apiGroups;
  if (rule.resources.length > 0) built.resources = rule.resources;
  if (rule.resourceNames.length > 0) built.resourceNames = rule.resourceNames;
  if (rule.nonResourceURLs.length > 0) built.nonResourceURLs = rule.nonResourceURLs;
  ruleJsons.set(rule, (json = Object.freeze(built)));
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
