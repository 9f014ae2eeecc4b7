import { isSeverity, SEVERITIES, type Severity } from '../core/finding.js';
import { isRecord } from '../core/k8s/object.js';
import { compileSelector } from '../core/k8s/selector.js';

/** What happens to a request that breaks policy, per namespace, as Pod Security Admission does. */
export const MODES = ['enforce', 'warn', 'audit'] as const;
export type Mode = (typeof MODES)[number];

export interface ImagePolicy {
  /** Registry hosts (`ghcr.io`, `registry.example.com:5000`) images may come from; empty: any. */
  allowedRegistries: string[];
  denyLatest: boolean;
  requireDigest: boolean;
}

export interface SidecarInjection {
  /** Containers appended to the pod when no container of the same name exists yet. */
  containers: Record<string, unknown>[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface NamespaceRule {
  /** Namespace names; `*` wildcards allowed. */
  names?: string[];
  /** Namespace label selector (matchLabels / matchExpressions). */
  selector?: (labels: Record<string, string>) => boolean;
  mode?: Mode;
  images?: ImagePolicy;
}

/** The `admission:` section of `.stockade.yaml`, validated. */
export interface AdmissionSettings {
  /** Findings at or above this severity are violations (default: the config's failOn, else high). */
  failOn?: Severity;
  defaultMode: Mode;
  /** Namespaces never judged nor mutated. */
  exemptNamespaces: string[];
  namespaces: NamespaceRule[];
  onlyNewViolations: boolean;
  alwaysPullImages: boolean;
  /** Apply the catalogue's safe fixes (seccomp, privilege escalation, capabilities, non-root). */
  securityDefaults: boolean | { checks: string[] };
  images?: ImagePolicy;
  /** Put untrusted workloads in the sandbox runtime class (mutate), or deny them when false. */
  sandboxMutate: boolean;
  inject?: SidecarInjection;
  execGuard: boolean;
  /**
   * Cross-object (inventory) checks to run anyway. Admission sees one object, so a check about
   * what is missing around it (no NetworkPolicy selects it, its ServiceAccount is not there)
   * would fire on everything; only those listed here, which judge an object on its own
   * (a binding to cluster-admin, a wildcard Role), run.
   */
  inventoryChecks: string[];
}

export function defaultAdmissionSettings(): AdmissionSettings {
  return {
    defaultMode: 'enforce',
    exemptNamespaces: ['kube-system'],
    namespaces: [],
    onlyNewViolations: false,
    alwaysPullImages: false,
    securityDefaults: false,
    sandboxMutate: true,
    execGuard: true,
    inventoryChecks: [],
  };
}

const KEYS = [
  'failOn',
  'defaultMode',
  'exemptNamespaces',
  'namespaces',
  'onlyNewViolations',
  'alwaysPullImages',
  'securityDefaults',
  'images',
  'sandbox',
  'inject',
  'execGuard',
  'inventoryChecks',
];

/**
 * Validates the `admission:` section. Every problem is reported with its key, and an
 * invalid section never half-applies: the webhook refuses to start on any problem.
 */
export function parseAdmissionSettings(raw: unknown, checkIds: ReadonlySet<string>): { settings: AdmissionSettings; problems: string[] } {
  const settings = defaultAdmissionSettings();
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings, problems };
  if (!isRecord(raw)) return { settings, problems: ['admission: expected a mapping'] };
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) problems.push(`admission.${key}: unknown key (expected ${KEYS.join(', ')})`);
  }
  if (raw.failOn !== undefined) {
    if (isSeverity(raw.failOn)) settings.failOn = raw.failOn;
    else problems.push(`admission.failOn: expected one of ${SEVERITIES.join(', ')}`);
  }
  if (raw.defaultMode !== undefined) {
    const mode = modeOf(raw.defaultMode, 'admission.defaultMode', problems);
    if (mode) settings.defaultMode = mode;
  }
  if (raw.exemptNamespaces !== undefined) {
    const names = stringList(raw.exemptNamespaces, 'admission.exemptNamespaces', problems);
    if (names) settings.exemptNamespaces = names;
  }
  for (const key of ['onlyNewViolations', 'alwaysPullImages', 'execGuard'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === 'boolean') settings[key] = value;
    else problems.push(`admission.${key}: expected true or false`);
  }
  if (raw.securityDefaults !== undefined) {
    const value = raw.securityDefaults;
    if (typeof value === 'boolean') settings.securityDefaults = value;
    else if (isRecord(value) && Array.isArray(value.checks)) {
      const checks = stringList(value.checks, 'admission.securityDefaults.checks', problems) ?? [];
      for (const id of checks) if (!checkIds.has(id)) problems.push(`admission.securityDefaults.checks: unknown check "${id}"`);
      settings.securityDefaults = { checks };
    } else problems.push('admission.securityDefaults: expected true, false or {checks: [ids]}');
  }
  if (raw.images !== undefined) {
    const images = imagePolicyOf(raw.images, 'admission.images', problems);
    if (images) settings.images = images;
  }
  if (raw.sandbox !== undefined) {
    if (!isRecord(raw.sandbox) || Object.keys(raw.sandbox).some((k) => k !== 'mutate') || typeof (raw.sandbox.mutate ?? true) !== 'boolean') {
      problems.push('admission.sandbox: expected {mutate: true|false}');
    } else settings.sandboxMutate = (raw.sandbox.mutate as boolean | undefined) ?? true;
  }
  if (raw.inject !== undefined) {
    const inject = injectionOf(raw.inject, problems);
    if (inject) settings.inject = inject;
  }
  if (raw.inventoryChecks !== undefined) {
    const ids = stringList(raw.inventoryChecks, 'admission.inventoryChecks', problems) ?? [];
    for (const id of ids) if (!checkIds.has(id)) problems.push(`admission.inventoryChecks: unknown check "${id}"`);
    settings.inventoryChecks = ids;
  }
  if (raw.namespaces !== undefined) {
    if (!Array.isArray(raw.namespaces)) problems.push('admission.namespaces: expected a list of {names|selector, mode, images}');
    else raw.namespaces.forEach((entry, i) => {
      const rule = namespaceRuleOf(entry, `admission.namespaces[${i}]`, problems);
      if (rule) settings.namespaces.push(rule);
    });
  }
  return { settings, problems };
}

function modeOf(value: unknown, where: string, problems: string[]): Mode | undefined {
  if ((MODES as readonly unknown[]).includes(value)) return value as Mode;
  problems.push(`${where}: expected one of ${MODES.join(', ')}`);
  return undefined;
}

function stringList(value: unknown, where: string, problems: string[]): string[] | undefined {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '')) return value as string[];
  problems.push(`${where}: expected a list of non-empty strings`);
  return undefined;
}

function stringMap(value: unknown, where: string, problems: string[]): Record<string, string> | undefined {
  if (isRecord(value) && Object.values(value).every((v) => typeof v === 'string')) return value as Record<string, string>;
  problems.push(`${where}: expected a mapping of strings`);
  return undefined;
}

function imagePolicyOf(value: unknown, where: string, problems: string[]): ImagePolicy | undefined {
  if (!isRecord(value)) {
    problems.push(`${where}: expected a mapping (allowedRegistries, denyLatest, requireDigest)`);
    return undefined;
  }
  const policy: ImagePolicy = { allowedRegistries: [], denyLatest: false, requireDigest: false };
  for (const key of Object.keys(value)) {
    if (!['allowedRegistries', 'denyLatest', 'requireDigest'].includes(key)) problems.push(`${where}.${key}: unknown key (expected allowedRegistries, denyLatest, requireDigest)`);
  }
  if (value.allowedRegistries !== undefined) policy.allowedRegistries = stringList(value.allowedRegistries, `${where}.allowedRegistries`, problems) ?? [];
  for (const key of ['denyLatest', 'requireDigest'] as const) {
    if (value[key] === undefined) continue;
    if (typeof value[key] === 'boolean') policy[key] = value[key] as boolean;
    else problems.push(`${where}.${key}: expected true or false`);
  }
  return policy;
}

function injectionOf(value: unknown, problems: string[]): SidecarInjection | undefined {
  if (!isRecord(value)) {
    problems.push('admission.inject: expected a mapping (labels, annotations, containers)');
    return undefined;
  }
  const inject: SidecarInjection = { containers: [], labels: {}, annotations: {} };
  for (const key of Object.keys(value)) {
    if (!['labels', 'annotations', 'containers'].includes(key)) problems.push(`admission.inject.${key}: unknown key (expected labels, annotations, containers)`);
  }
  if (value.labels !== undefined) inject.labels = stringMap(value.labels, 'admission.inject.labels', problems) ?? {};
  if (value.annotations !== undefined) inject.annotations = stringMap(value.annotations, 'admission.inject.annotations', problems) ?? {};
  if (value.containers !== undefined) {
    if (!Array.isArray(value.containers)) problems.push('admission.inject.containers: expected a list of containers');
    else
      value.containers.forEach((c, i) => {
        if (isRecord(c) && typeof c.name === 'string' && c.name !== '' && typeof c.image === 'string') inject.containers.push(c);
        else problems.push(`admission.inject.containers[${i}]: a container needs a name and an image`);
      });
  }
  return inject;
}

function namespaceRuleOf(value: unknown, where: string, problems: string[]): NamespaceRule | undefined {
  if (!isRecord(value)) {
    problems.push(`${where}: expected a mapping {names|selector, mode, images}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!['names', 'selector', 'mode', 'images'].includes(key)) problems.push(`${where}.${key}: unknown key (expected names, selector, mode, images)`);
  }
  const rule: NamespaceRule = {};
  if (value.names !== undefined) {
    const names = stringList(value.names, `${where}.names`, problems);
    if (names) rule.names = names;
  }
  if (value.selector !== undefined) {
    const compiled = isRecord(value.selector) ? compileSelector(value.selector) : undefined;
    const problem = compiled ? compiled.error : 'label selector is not a mapping';
    if (problem) problems.push(`${where}.selector: ${problem}`);
    else rule.selector = compiled!.matches;
  }
  if (rule.names === undefined && rule.selector === undefined) problems.push(`${where}: needs names or a selector`);
  if (value.mode !== undefined) {
    const mode = modeOf(value.mode, `${where}.mode`, problems);
    if (mode) rule.mode = mode;
  }
  if (value.images !== undefined) {
    const images = imagePolicyOf(value.images, `${where}.images`, problems);
    if (images) rule.images = images;
  }
  return rule;
}

/** True when a `*`-wildcard name pattern matches. */
export function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const parts = pattern.split('*');
  if (!name.startsWith(parts[0]!) || !name.endsWith(parts[parts.length - 1]!)) return false;
  let at = parts[0]!.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return at <= name.length - parts[parts.length - 1]!.length;
}

/** Whether any rule needs namespace labels, which the admission request does not carry. */
export function needsNamespaceLabels(settings: AdmissionSettings): boolean {
  return settings.namespaces.some((r) => r.selector !== undefined);
}

/**
 * The first rule that matches the namespace (by name, or by labels when they are known).
 * Rules are ordered: put the specific ones first, as with any first-match policy list.
 */
export function ruleFor(settings: AdmissionSettings, namespace: string, labels: Record<string, string> | undefined): NamespaceRule | undefined {
  for (const rule of settings.namespaces) {
    const byName = rule.names === undefined || rule.names.some((p) => nameMatches(p, namespace));
    const bySelector = rule.selector === undefined || (labels !== undefined && rule.selector(labels));
    if (byName && bySelector) return rule;
  }
  return undefined;
}
