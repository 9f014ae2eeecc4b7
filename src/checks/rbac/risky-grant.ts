import type { Violation } from '../../core/check.js';
import type { Severity } from '../../core/finding.js';
import type { Inventory } from '../../core/inventory.js';
import type { FieldPath } from '../../core/path.js';
import { capabilities, describeCapability, namespacedCapabilities, rulesForCapabilities, WRITE_VERBS, type Capability } from '../../rbac/capability.js';
import { allPositions } from '../../rbac/model.js';
import {
  rbacModelOf,
  subjectJson,
  type BindingNode,
  type EffectiveRule,
  type Grant,
  type PolicyRule,
  type RbacModel,
  type RoleNode,
  type Subject,
} from '../../rbac/index.js';
import { isPlatformGrant } from '../../rbac/platform.js';
import { chainJson, describeChain, roleBindingForm } from '../../rbac/query.js';
import { describeSubject } from '../../rbac/subject.js';

export interface RiskyGrantSpec {
  /** What to ask the model (who may do each of these)... */
  capabilities?: readonly Capability[];
  /** ...or a test of each bound rule, returning what it allows that matters (undefined: nothing). */
  select?: (rule: PolicyRule) => string | undefined;
  /** Severity for a grant through a ClusterRoleBinding (everywhere) and through a RoleBinding. */
  severity: { cluster: Severity; namespace: Severity };
  /** Leave out rules limited to named objects (resourceNames): the least-privilege form. */
  ignoreNamed?: boolean;
  /**
   * Count roles holding a rule of `*` verbs on `*` resources in `*` groups. Only the
   * full-control check does: every other risk is contained in it, and reporting each again
   * would bury it.
   */
  includeFullControl?: boolean;
  /** Only grants passing this test count, given the capabilities each allows. */
  grants?: (grant: Grant, allowed: readonly Capability[], model: RbacModel) => boolean;
  /** Only subjects passing this test are reported (e.g. default service accounts). */
  subjects?: (subject: Subject) => boolean;
}

/** Message every risky-grant check uses, keyed `granted`. */
export const GRANTED_MESSAGE = '{{subject}} can {{capabilities}} {{scope}}: {{chain}}.';

/** One rule of a role that matters to the check, as it takes effect through one kind of binding. */
interface RuleHit {
  rule: EffectiveRule;
  effective: PolicyRule;
  /** What the rule allows that matters (capability labels, or the select text). */
  labels: readonly string[];
  /** The capabilities it allows, for the `grants` test. */
  allowed: readonly Capability[];
  /** Position of the rule in the order the model yields the matches: bindings are reported in it. */
  order: number;
}

/** A binding the check reports: the rules that matter through it, and the subjects reported. */
interface BindingHit {
  binding: BindingNode;
  rules: RuleHit[];
  indexes: readonly number[];
}

/** What a role's rules allow through a ClusterRoleBinding and through a RoleBinding. */
interface RoleHits {
  cluster: RuleHit[];
  namespaced: RuleHit[];
  /** The role holds full control, which only the full-control check reports (see includeFullControl). */
  leftToFullControl: boolean;
}

/**
 * The template behind the risky-grant checks: asks the RBAC model who may perform each
 * capability (on any object, whatever resourceNames limit it) and reports each binding ×
 * subject once, on the binding's subject entry, listing what it allows and through which
 * role and rule. The platform's own grants (control-plane identities bound to `system:` roles)
 * are not the user's misconfiguration and are left out.
 *
 * What a role's rules allow depends on the role and the kind of binding only: it is worked out
 * once per role and shared by every binding to it, and what a binding reports is shared by its
 * subjects.
 */
export function riskyGrants(inventory: Inventory, spec: RiskyGrantSpec): Violation<'granted'>[] {
  const model = rbacModelOf(inventory);
  const shared = sharedOf(model);
  const hits = spec.select ? selectedHits(model, shared, spec, spec.select) : capabilityHits(model, shared, spec, spec.capabilities ?? []);
  const violations: Violation<'granted'>[] = [];
  const capabilityText = new Map<readonly RuleHit[], string>();
  for (const { binding, rules, indexes } of hits) {
    const role = binding.role!;
    let chain = '';
    const via = new Array<Readonly<Record<string, unknown>>>(rules.length);
    for (let r = 0; r < rules.length; r++) {
      const { rule, effective } = rules[r]!;
      chain += (r > 0 ? '; ' : '') + describeChain(binding, role, rule, effective);
      via[r] = chainJson(binding, role, rule, effective, binding.namespace);
    }
    Object.freeze(via);
    let capabilities = capabilityText.get(rules);
    if (capabilities === undefined) capabilityText.set(rules, (capabilities = groupByResource([...new Set(rules.flatMap((r) => r.labels))])));
    const clusterWide = binding.kind === 'ClusterRoleBinding';
    const severity = clusterWide ? spec.severity.cluster : spec.severity.namespace;
    const scope = clusterWide ? 'in every namespace' : shared.namespaceScope(binding.namespace!);
    for (const index of indexes) {
      const subject = shared.subject(binding, index);
      violations.push({
        messageId: 'granted',
        entry: binding.entry,
        path: subjectPath(binding.subjectIndexes[index]!),
        severity,
        discriminator: binding.subjectKeys[index]!,
        data: { subject: subject.described, capabilities, scope, chain },
        extra: { subject: subject.json, via },
      });
    }
  }
  return violations;
}

const subjectPaths: FieldPath[] = [];

/** `subjects[i]`: one frozen path per position, shared by every finding on it. */
function subjectPath(index: number): FieldPath {
  return (subjectPaths[index] ??= Object.freeze(['subjects', index]));
}

/** Bindings whose roles hold a rule the select test picks, in the model's order of bindings. */
function selectedHits(model: RbacModel, shared: Shared, spec: RiskyGrantSpec, select: (rule: PolicyRule) => string | undefined): BindingHit[] {
  const byRole = new Map<RoleNode, RoleHits>();
  const hits: BindingHit[] = [];
  const bindings = model.bindings;
  // By index: until the loop is optimised, each step of a for-of over fifty thousand bindings allocates.
  for (let b = 0; b < bindings.length; b++) {
    const binding = bindings[b]!;
    const role = binding.role;
    // A check about some subjects only passes over the bindings naming none of them first.
    if (!role || (spec.subjects && !binding.subjects.some(spec.subjects))) continue;
    let roleHits = byRole.get(role);
    if (!roleHits) {
      const leftToFullControl = !spec.includeFullControl && shared.holdsFullControl(role);
      byRole.set(role, (roleHits = { cluster: selected(role, false, select), namespaced: selected(role, true, select), leftToFullControl }));
    }
    const rules = binding.kind === 'ClusterRoleBinding' ? roleHits.cluster : roleHits.namespaced;
    if (rules.length === 0) continue;
    const indexes = reportable(binding, roleHits, spec);
    if (indexes.length > 0) hits.push({ binding, rules, indexes });
  }
  return hits;
}

function selected(role: RoleNode, throughRoleBinding: boolean, select: (rule: PolicyRule) => string | undefined): RuleHit[] {
  const hits: RuleHit[] = [];
  for (let order = 0; order < role.rules.length; order++) {
    const rule = role.rules[order]!;
    const effective = throughRoleBinding ? roleBindingForm(rule.rule) : rule.rule;
    const what = effective && select(effective);
    if (effective && what !== undefined) hits.push({ rule, effective, labels: [what], allowed: NO_CAPABILITIES, order });
  }
  return hits;
}

/**
 * Bindings whose roles hold a rule allowing one of the capabilities. They are reported in the
 * order their first such rule comes from the index (then in the role's order of bindings), as
 * a walk over every grant would first meet them.
 */
function capabilityHits(model: RbacModel, shared: Shared, spec: RiskyGrantSpec, wanted: readonly Capability[]): BindingHit[] {
  const byRole = new Map<RoleNode, RoleHits>();
  let order = 0;
  for (const [indexed, matched] of rulesForCapabilities(model, wanted)) {
    const rule = indexed.rule.rule;
    order++;
    if (spec.ignoreNamed && rule.resourceNames.length > 0) continue;
    let roleHits = byRole.get(indexed.role);
    if (!roleHits) byRole.set(indexed.role, (roleHits = { cluster: [], namespaced: [], leftToFullControl: !spec.includeFullControl && shared.holdsFullControl(indexed.role) }));
    const labels = matched.map(describeCapability);
    roleHits.cluster.push({ rule: indexed.rule, effective: rule, labels, allowed: matched, order });
    const namespaced = roleBindingForm(rule);
    if (!namespaced) continue;
    const allowed = namespacedCapabilities(namespaced, matched);
    if (allowed.length > 0) roleHits.namespaced.push({ rule: indexed.rule, effective: namespaced, labels: allowed.map(describeCapability), allowed, order });
  }
  const hits: BindingHit[] = [];
  for (const [role, roleHits] of byRole) {
    for (const binding of role.bindings) {
      let rules = binding.kind === 'ClusterRoleBinding' ? roleHits.cluster : roleHits.namespaced;
      if (spec.grants) rules = rules.filter((hit) => spec.grants!(grantOf(binding, hit), hit.allowed, model));
      if (rules.length === 0) continue;
      const indexes = reportable(binding, roleHits, spec);
      if (indexes.length > 0) hits.push({ binding, rules, indexes });
    }
  }
  // Stable: bindings first met at the same rule keep their role's order.
  return hits.sort((a, b) => a.rules[0]!.order - b.rules[0]!.order);
}

function grantOf(binding: BindingNode, hit: RuleHit): Grant {
  const grant: Grant = { binding, role: binding.role!, rule: hit.rule, effective: hit.effective };
  if (binding.namespace !== undefined) grant.namespace = binding.namespace;
  return grant;
}

/** Positions of the binding's subjects the check reports (none when its role is left to the full-control check). */
function reportable(binding: BindingNode, roleHits: RoleHits, spec: RiskyGrantSpec): readonly number[] {
  const wanted = spec.subjects;
  // Most bindings name no subject such a check is about: they are passed over first.
  if (wanted && !binding.subjects.some(wanted)) return NONE;
  if (roleHits.leftToFullControl) return NONE;
  const indexes = userSubjects(binding);
  return wanted ? indexes.filter((i) => wanted(binding.subjects[i]!)) : indexes;
}

/** Positions of the binding's subjects other than the platform's own. */
function userSubjects(binding: BindingNode): readonly number[] {
  const subjects = binding.subjects;
  let some: number[] | undefined;
  for (let i = 0; i < subjects.length; i++) {
    if (!isPlatformGrant(binding, subjects[i]!)) some?.push(i);
    else some ??= Array.from({ length: i }, (_, j) => j);
  }
  // Usually every subject is the user's: then the positions are 0..n-1, one shared list per n.
  return some ?? allPositions(subjects.length);
}

const NONE: readonly number[] = [];
const NO_CAPABILITIES: readonly Capability[] = [];

const sharedByModel = new WeakMap<RbacModel, Shared>();

function sharedOf(model: RbacModel): Shared {
  let shared = sharedByModel.get(model);
  if (!shared) sharedByModel.set(model, (shared = new Shared(model.subjectOrder.length)));
  return shared;
}

/** What every risky-grant check asks of the same roles, bindings and subjects: worked out once per model. */
class Shared {
  private readonly fullControl = new Map<RoleNode, boolean>();
  private readonly scopes = new Map<string, string>();
  /** By the subject's rank in the model (all ranks allocated at once: filled in rank order, the list would turn sparse). */
  private readonly subjects: ({ described: string; json: Readonly<Record<string, string>> } | undefined)[];

  constructor(subjectCount: number) {
    this.subjects = new Array(subjectCount);
  }

  holdsFullControl(role: RoleNode): boolean {
    let holds = this.fullControl.get(role);
    if (holds === undefined) this.fullControl.set(role, (holds = role.rules.some((r) => isFullControl(r.rule))));
    return holds;
  }

  /** `in namespace <ns>`, once per namespace. */
  namespaceScope(namespace: string): string {
    let scope = this.scopes.get(namespace);
    if (scope === undefined) this.scopes.set(namespace, (scope = `in namespace ${namespace}`));
    return scope;
  }

  /** How findings name the binding's subject at that position (once per subject, found by its rank). */
  subject(binding: BindingNode, index: number): { described: string; json: Readonly<Record<string, string>> } {
    const rank = binding.subjectRanks[index]!;
    let named = this.subjects[rank];
    if (!named) {
      const subject = binding.subjects[index]!;
      this.subjects[rank] = named = { described: describeSubject(subject), json: Object.freeze(subjectJson(subject)) };
    }
    return named;
  }
}

export function isFullControl(rule: PolicyRule): boolean {
  return rule.verbs.includes('*') && rule.resources.includes('*') && rule.apiGroups.includes('*');
}

/** `get secrets`, `list secrets`, `create pods` → `get,list secrets, create pods`. */
function groupByResource(labels: string[]): string {
  const verbs = new Map<string, string[]>();
  for (const label of labels) {
    const space = label.indexOf(' ');
    if (space < 0) {
      verbs.set(label, []);
      continue;
    }
    const resource = label.slice(space + 1);
    let list = verbs.get(resource);
    if (!list) verbs.set(resource, (list = []));
    list.push(label.slice(0, space));
  }
  return [...verbs].map(([resource, list]) => (list.length === 0 ? resource : `${list.join(',')} ${resource}`)).join(', ');
}

export { capabilities, WRITE_VERBS, type Capability };
