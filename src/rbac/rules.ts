import { isRecord } from '../core/k8s/object.js';

/** One PolicyRule, normalised: absent lists are empty. */
export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/** What the authorizer is asked: a resource request or a non-resource (URL) request. */
export interface ResourceRequest {
  verb: string;
  /** Undefined: any API group (the asker did not say and the resource is not built in). */
  apiGroup: string | undefined;
  resource: string;
  subresource?: string;
  /** The object's name; undefined for requests without one (list, create, a collection). */
  name?: string;
}

export interface NonResourceRequest {
  verb: string;
  path: string;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function parseRule(value: unknown): PolicyRule | undefined {
  if (!isRecord(value)) return undefined;
  return {
    verbs: stringList(value.verbs),
    apiGroups: stringList(value.apiGroups),
    resources: stringList(value.resources),
    resourceNames: stringList(value.resourceNames),
    nonResourceURLs: stringList(value.nonResourceURLs),
  };
}

// The matchers below follow k8s.io/component-helpers/auth/rbac/validation (VerbMatches,
// APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches) exactly.

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string | undefined): boolean {
  return rule.apiGroups.some((g) => g === '*' || group === undefined || g === group);
}

// `pods/exec` is matched by `pods/exec`, `*` and the any-resource form `*` + `/exec`; never by `pods/*` or `pods`.
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string | undefined): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources) {
    if (r === '*' || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  return name !== undefined && rule.resourceNames.includes(name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

export function ruleAllowsResource(rule: PolicyRule, request: ResourceRequest): boolean {
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, request.resource, request.subresource) &&
    resourceNameMatches(rule, request.name)
  );
}

export function ruleAllowsNonResource(rule: PolicyRule, request: NonResourceRequest): boolean {
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}

/** `get,list secrets [some-secret]` — how a rule is shown in chains and tables. */
export function describeRule(rule: PolicyRule): string {
  const verbs = rule.verbs.join(',');
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) return `${verbs} ${rule.nonResourceURLs.join(',')}`;
  const groups = rule.apiGroups.filter((g) => g !== '').map((g) => (g === '*' ? '*' : g));
  const resources = rule.resources
    .map((r) => (groups.length === 0 ? r : `${r}.${groups.length === 1 ? groups[0] : `{${groups.join(',')}}`}`))
    .join(',');
  const names = rule.resourceNames.length > 0 ? ` [${rule.resourceNames.join(',')}]` : '';
  return `${verbs} ${resources}${names}`;
}
