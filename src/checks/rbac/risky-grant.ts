import type { Violation } from '../../core/check.js';
import type { Severity } from '../../core/finding.js';
import type { Inventory } from '../../core/inventory.js';
import { capabilities, describeCapability, grantsForCapabilities, WRITE_VERBS, type Capability } from '../../rbac/capability.js';
import { describeBinding, describeGrant, effectiveRule, grantJson, rbacModelOf, subjectJson, type BindingNode, type Grant, type PolicyRule, type RbacModel, type Subject } from '../../rbac/index.js';
import { isPlatformGrant } from '../../rbac/platform.js';
import { GrantSet } from '../../rbac/query.js';
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

/**
 * The template behind the risky-grant checks: asks the RBAC model who may perform each
 * capability (on any object, whatever resourceNames limit it) and reports each binding ×
 * subject once, on the binding's subject entry, listing what it allows and through which
 * role and rule. The platform's own grants (control-plane identities bound to `system:` roles)
 * are not the user's misconfiguration and are left out.
 */
export function riskyGrants(inventory: Inventory, spec: RiskyGrantSpec): Violation<'granted'>[] {
  const model = rbacModelOf(inventory);
  interface Hit {
    grant: Grant;
    index: number;
    capabilities: Set<string>;
    chains: GrantSet;
  }
  const found = new Map<BindingNode, Map<number, Hit>>();
  const reportableByBinding = new Map<BindingNode, number[]>();
  /** Positions of the binding's subjects its grants are reported for (computed once per binding). */
  const reportable = (binding: BindingNode): number[] => {
    let indexes = reportableByBinding.get(binding);
    if (indexes) return indexes;
    indexes = [];
    if (spec.includeFullControl || !binding.role?.rules.some((r) => isFullControl(r.rule))) {
      binding.subjects.forEach((subject, i) => {
        if (!isPlatformGrant(binding, subject) && (!spec.subjects || spec.subjects(subject))) indexes!.push(i);
      });
    }
    reportableByBinding.set(binding, indexes);
    return indexes;
  };
  const record = (grant: Grant, capability: string, indexes: number[]) => {
    let hits = found.get(grant.binding);
    if (!hits) found.set(grant.binding, (hits = new Map()));
    for (const i of indexes) {
      let hit = hits.get(i);
      if (!hit) hits.set(i, (hit = { grant, index: i, capabilities: new Set(), chains: new GrantSet() }));
      hit.capabilities.add(capability);
      hit.chains.add(grant);
    }
  };
  if (spec.select) {
    for (const binding of model.bindings) {
      if (!binding.role) continue;
      const indexes = reportable(binding);
      if (indexes.length === 0) continue;
      for (const rule of binding.role.rules) {
        const effective = effectiveRule(binding, rule.rule);
        const what = effective && spec.select(effective);
        if (!effective || what === undefined) continue;
        const grant: Grant = { binding, role: binding.role, rule, effective };
        if (binding.namespace !== undefined) grant.namespace = binding.namespace;
        record(grant, what, indexes);
      }
    }
  }
  if (spec.capabilities) {
    for (const { grant, capabilities: allowed } of grantsForCapabilities(model, spec.capabilities)) {
      if (spec.ignoreNamed && grant.effective.resourceNames.length > 0) continue;
      if (spec.grants && !spec.grants(grant, allowed, model)) continue;
      const indexes = reportable(grant.binding);
      if (indexes.length === 0) continue;
      for (const capability of allowed) record(grant, describeCapability(capability), indexes);
    }
  }
  return [...found.values()].flatMap((hits) => [...hits.values()]).map(({ grant, index, capabilities, chains: set }) => {
    const subject = grant.binding.subjects[index]!;
    const clusterWide = grant.binding.kind === 'ClusterRoleBinding';
    const chains = set.grants;
    return {
      messageId: 'granted' as const,
      entry: grant.binding.entry,
      path: ['subjects', grant.binding.subjectIndexes[index]!],
      severity: clusterWide ? spec.severity.cluster : spec.severity.namespace,
      discriminator: grant.binding.subjectKeys[index]!,
      data: {
        subject: describeSubject(subject),
        capabilities: groupByResource([...capabilities]),
        scope: clusterWide ? 'in every namespace' : `in namespace ${grant.binding.namespace}`,
        chain: chains.map(describeGrant).join('; '),
        binding: describeBinding(grant.binding),
      },
      extra: { subject: subjectJson(subject), via: chains.map(grantJson) },
    };
  });
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
