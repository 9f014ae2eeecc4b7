import type { Violation } from '../../core/check.js';
import type { Inventory } from '../../core/inventory.js';
import { describeGrant, grantJson, permissionsOf, rbacModelOf, subjectJson, type Grant, type Subject } from '../../rbac/index.js';
import { ALL_SERVICE_ACCOUNTS, ANONYMOUS_USER, AUTHENTICATED, describeSubject, subjectKey, UNAUTHENTICATED } from '../../rbac/subject.js';
import { describeRule } from '../../rbac/rules.js';

/** What Kubernetes' system:public-info-viewer gives everyone: health and version. */
export const PUBLIC_INFO_URLS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];
/** What system:discovery and system:basic-user give every authenticated identity. */
const DISCOVERY_URLS = [...PUBLIC_INFO_URLS, '/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*'];
const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

function urlAllowed(url: string, allowed: readonly string[]): boolean {
  return allowed.includes(url);
}

/** The part of a grant that goes beyond what Kubernetes itself gives the group. */
function beyondDefaults(grant: Grant, audience: 'unauthenticated' | 'authenticated'): boolean {
  const rule = grant.effective;
  const urls = audience === 'unauthenticated' ? PUBLIC_INFO_URLS : DISCOVERY_URLS;
  const readOnly = rule.verbs.every((v) => v === 'get' || v === 'head');
  if (rule.nonResourceURLs.some((u) => !readOnly || !urlAllowed(u, urls))) return true;
  if (rule.resources.length === 0) return false;
  if (audience === 'unauthenticated') return true;
  const selfReviewOnly =
    rule.resources.every((r) => SELF_REVIEWS.has(r)) && rule.verbs.every((v) => v === 'create') && rule.apiGroups.every((g) => g.endsWith('.k8s.io'));
  return !selfReviewOnly;
}

function audienceSubjects(audience: 'unauthenticated' | 'authenticated', model: ReturnType<typeof rbacModelOf>): Subject[] {
  if (audience === 'unauthenticated') return [{ kind: 'User', name: ANONYMOUS_USER }, { kind: 'Group', name: UNAUTHENTICATED }];
  const groups = [AUTHENTICATED, ALL_SERVICE_ACCOUNTS, ...model.namespaces.map((ns) => `${ALL_SERVICE_ACCOUNTS}:${ns}`)];
  return groups.map((name) => ({ kind: 'Group' as const, name }));
}

/** Grants to the groups that mean "everyone" (of the internet, or of the cluster). */
export function unauthenticatedGrants(inventory: Inventory, audience: 'unauthenticated' | 'authenticated'): Violation<'granted'>[] {
  const model = rbacModelOf(inventory);
  const violations: Violation<'granted'>[] = [];
  for (const subject of audienceSubjects(audience, model)) {
    const byBinding = new Map<number, Grant[]>();
    // Only the subject's own bindings: implicit groups are reported under their own name.
    for (const { as, grant } of permissionsOf(model, subject).grants) {
      if (subjectKey(as) !== subjectKey(subject) || !beyondDefaults(grant, audience)) continue;
      let list = byBinding.get(grant.binding.entry.id);
      if (!list) byBinding.set(grant.binding.entry.id, (list = []));
      list.push(grant);
    }
    for (const grants of byBinding.values()) {
      const binding = grants[0]!.binding;
      const index = binding.subjects.findIndex((s) => subjectKey(s) === subjectKey(subject));
      violations.push({
        messageId: 'granted',
        entry: binding.entry,
        path: ['subjects', binding.subjectIndexes[index]!],
        discriminator: subjectKey(subject),
        data: {
          subject: describeSubject(subject),
          capabilities: grants.map((g) => describeRule(g.effective)).join('; '),
          scope: binding.kind === 'ClusterRoleBinding' ? 'in every namespace' : `in namespace ${binding.namespace}`,
          chain: grants.map(describeGrant).join('; '),
        },
        extra: { subject: subjectJson(subject), via: grants.map(grantJson) },
      });
    }
  }
  return violations;
}
