import type { Violation } from '../../core/check.js';
import type { Severity } from '../../core/finding.js';
import type { Inventory } from '../../core/inventory.js';
import { capabilities, capabilityGrants, describeCapability, WRITE_VERBS, type Capability } from '../../rbac/capability.js';
import { describeBinding, describeGrant, effectiveRule, grantJson, rbacModelOf, subjectJson, type Grant, type PolicyRule, type Subject } from '../../rbac/index.js';
import { isPlatformGrant } from '../../rbac/platform.js';
import { describeSubject, subjectKey } from '../../rbac/subject.js';

export interface RiskyGrantSpec {
  /** What to ask the model (who may do each of these)... */
  capabilities?: readonly Capability[];
  /** ...or a test of each bound rule, returning what it allows that matters (undefined: nothing). */
  select?: (rule: PolicyRule) => string | undefined;
  /** Severity for a grant through a ClusterRoleBinding (everywhere) and through a RoleBinding. */
  severity: { cluster: Severity; namespace: Severity };
  /** Severity when every rule behind the grant is limited to named objects (resourceNames). */
  namedSeverity?: Severity;
  /**
   * Count roles holding a rule of `*` verbs on `*` resources in `*` groups. Only the
   * full-control check does: every other risk is contained in it, and reporting each again
   * would bury it.
   */
  includeFullControl?: boolean;
  /** Further narrows which grants count (e.g. only rules whose verbs are literally `*`). */
  accept?: (grant: Grant, subject: Subject) => boolean;
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
  const found = new Map<string, { grant: Grant; subject: Subject; index: number; capabilities: Set<string>; grants: Set<Grant> }>();
  const record = (grant: Grant, capability: string) => {
    if (!spec.includeFullControl && grant.role.rules.some((r) => isFullControl(r.rule))) return;
    grant.binding.subjects.forEach((subject, i) => {
      if (isPlatformGrant(grant.binding, subject)) return;
      if (spec.accept && !spec.accept(grant, subject)) return;
      const key = `${grant.binding.entry.id}\u0000${subjectKey(subject)}`;
      let hit = found.get(key);
      if (!hit) found.set(key, (hit = { grant, subject, index: grant.binding.subjectIndexes[i]!, capabilities: new Set(), grants: new Set() }));
      hit.capabilities.add(capability);
      if (![...hit.grants].some((g) => g.binding === grant.binding && g.rule === grant.rule)) hit.grants.add(grant);
    });
  };
  if (spec.select) {
    for (const binding of model.bindings) {
      if (!binding.role || binding.subjects.length === 0) continue;
      for (const rule of binding.role.rules) {
        const effective = effectiveRule(binding, rule.rule);
        const what = effective && spec.select(effective);
        if (!effective || what === undefined) continue;
        const grant: Grant = { binding, role: binding.role, rule, effective };
        if (binding.namespace !== undefined) grant.namespace = binding.namespace;
        record(grant, what);
      }
    }
  }
  for (const capability of spec.capabilities ?? []) {
    for (const grant of capabilityGrants(model, capability)) record(grant, describeCapability(capability));
  }
  return [...found.values()].map(({ grant, subject, index, capabilities, grants }) => {
    const clusterWide = grant.binding.kind === 'ClusterRoleBinding';
    const chains = [...grants];
    const named = spec.namedSeverity !== undefined && chains.every((g) => g.effective.resourceNames.length > 0);
    return {
      messageId: 'granted' as const,
      entry: grant.binding.entry,
      path: ['subjects', index],
      severity: named ? spec.namedSeverity! : clusterWide ? spec.severity.cluster : spec.severity.namespace,
      discriminator: subjectKey(subject),
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
