import type { IndexedRule, RbacModel } from './model.js';
import { candidateRules, effectiveRule, grantsFor, Verdicts, type Grant, type WhoCanQuery } from './query.js';
import { isNamespacedResource } from './resources.js';
import { apiGroupMatches, resourceMatches, verbMatches, type PolicyRule } from './rules.js';

/** One thing a grant may allow, as the authorizer would be asked it (on any object of the kind). */
export interface Capability {
  verb: string;
  /** `pods`, `pods/exec`, `*`. */
  resource: string;
  /** API group; undefined: any. */
  apiGroup?: string;
}

export function capabilities(verbs: readonly string[], resources: readonly string[], apiGroup?: string): Capability[] {
  return verbs.flatMap((verb) => resources.map((resource) => (apiGroup === undefined ? { verb, resource } : { verb, resource, apiGroup })));
}

export function describeCapability(capability: Capability): string {
  return `${capability.verb} ${capability.resource}`;
}

export function capabilityQuery(capability: Capability, namespace?: string): WhoCanQuery {
  const slash = capability.resource.indexOf('/');
  const query: WhoCanQuery = {
    verb: capability.verb,
    resource: slash < 0 ? capability.resource : capability.resource.slice(0, slash),
    anyResourceName: true,
  };
  if (slash >= 0) query.subresource = capability.resource.slice(slash + 1);
  if (capability.apiGroup !== undefined) query.apiGroup = capability.apiGroup;
  if (namespace !== undefined) query.namespace = namespace;
  return query;
}

/** Every grant allowing the capability on some object, whatever resourceNames limit it to. */
export function capabilityGrants(model: RbacModel, capability: Capability, namespace?: string): Grant[] {
  return grantsFor(model, capabilityQuery(capability, namespace));
}

/**
 * Whether a rule allows the capability on some object (resourceNames aside). Through a
 * RoleBinding, cluster-scoped resources are never granted.
 */
export function ruleAllowsCapability(rule: PolicyRule, capability: Capability, throughRoleBinding: boolean): boolean {
  const slash = capability.resource.indexOf('/');
  const resource = slash < 0 ? capability.resource : capability.resource.slice(0, slash);
  if (throughRoleBinding && !isNamespacedResource(resource)) return false;
  return (
    verbMatches(rule, capability.verb) &&
    apiGroupMatches(rule, capability.apiGroup) &&
    resourceMatches(rule, resource, slash < 0 ? undefined : capability.resource.slice(slash + 1))
  );
}

/** A grant and which of the asked capabilities it allows. */
export interface CapabilityGrant {
  grant: Grant;
  capabilities: Capability[];
}

/**
 * The indexed rules allowing at least one of the capabilities (resourceNames aside), each with
 * the capabilities it allows, in the order the index yields them: capability by capability.
 */
export function rulesForCapabilities(model: RbacModel, wanted: readonly Capability[]): Map<IndexedRule, Capability[]> {
  const byRule = new Map<IndexedRule, Capability[]>();
  for (const capability of wanted) {
    const query = capabilityQuery(capability);
    const verdicts = new Verdicts(query);
    for (const list of candidateRules(model, query)) {
      if (!verdicts.anyIn(list)) continue;
      for (const indexed of list.entries) {
        if (!verdicts.allows(indexed.rule.rule)) continue;
        let matched = byRule.get(indexed);
        if (!matched) byRule.set(indexed, (matched = []));
        if (!matched.includes(capability)) matched.push(capability);
      }
    }
  }
  return byRule;
}

/**
 * Every grant allowing at least one of the capabilities, each once with all it allows: one
 * pass over each matching rule's bindings rather than one per capability.
 */
export function grantsForCapabilities(model: RbacModel, wanted: readonly Capability[]): CapabilityGrant[] {
  const out: CapabilityGrant[] = [];
  for (const [indexed, matched] of rulesForCapabilities(model, wanted)) {
    const rule = indexed.rule.rule;
    let throughRoleBinding: Capability[] | undefined;
    for (const binding of indexed.role.bindings) {
      if (binding.subjects.length === 0) continue;
      let effective: PolicyRule | undefined = rule;
      let capabilitiesHere = matched;
      if (binding.kind === 'RoleBinding') {
        effective = effectiveRule(binding, rule);
        if (!effective) continue;
        throughRoleBinding ??= namespacedCapabilities(effective, matched);
        capabilitiesHere = throughRoleBinding;
        if (capabilitiesHere.length === 0) continue;
      }
      const grant: Grant = { binding, role: indexed.role, rule: indexed.rule, effective };
      if (binding.namespace !== undefined) grant.namespace = binding.namespace;
      out.push({ grant, capabilities: capabilitiesHere });
    }
  }
  return out;
}

/** Of the capabilities a rule allows, those it still allows through a RoleBinding (in its namespaced form). */
export function namespacedCapabilities(namespaced: PolicyRule, matched: readonly Capability[]): Capability[] {
  return matched.filter((c) => ruleAllowsCapability(namespaced, c, true));
}

/** Write verbs: what changes an object. */
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
