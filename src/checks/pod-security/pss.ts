/**
 * The Pod Security Standards machinery shared by the checks of this folder, after Kubernetes'
 * Pod Security Admission: each control lists versioned implementations (`since v1.0`,
 * `since v1.19`, …); a policy version selects, per control, the newest implementation at or
 * below it; `latest` is the newest policy version there is. A control with no implementation
 * at or below the version did not exist yet and passes.
 *
 * An implementation returns Kubernetes' own aggregated verdict for the pod (the detail text
 * the API server prints after the control's reason) together with one finding per offending
 * field, so that each finding carries its exact path and fix while its message reads the way
 * `kubectl` would report the denial.
 */
import type { CheckContext, Violation } from '../../core/check.js';
import type { JsonPatchOp } from '../../core/finding.js';
import { isRecord } from '../../core/k8s/object.js';
import type { ContainerRef, PodSpec, Workload } from '../../core/k8s/workload.js';
import type { FieldPath } from '../../core/path.js';

/**
 * The newest policy version any control defines (Kubernetes v1.37 added sysctls); `latest`
 * and every newer version resolve to it, as in Pod Security Admission.
 */
export const LATEST_PSS_MINOR = 37;

export type PssVersionName = `v1.${number}`;

// Sections of the NSA/CISA Kubernetes Hardening Guide the controls implement.
export const NSA_POD_SECURITY_ENFORCEMENT = 'Pod security: pod security enforcement';
export const NSA_NON_ROOT = 'Pod security: non-root containers and rootless container engines';
export const NSA_HARDENED_RUNTIME = 'Pod security: hardening container environments';
export const NSA_NETWORK_SEPARATION = 'Network separation and hardening';

/** The minor version a `pssVersion` option selects, clamped to the newest defined policy. */
export function resolvePssMinor(version: string): number {
  if (version === 'latest') return LATEST_PSS_MINOR;
  const match = /^v1\.(0|[1-9]\d*)$/.exec(version);
  if (!match) throw new Error(`invalid Pod Security Standards version "${version}" (expected "latest" or "v1.N")`);
  return Math.min(Number(match[1]), LATEST_PSS_MINOR);
}

function minorOf(version: PssVersionName): number {
  const match = /^v1\.(0|[1-9]\d*)$/.exec(version);
  if (!match) throw new Error(`invalid policy version "${version}"`);
  return Number(match[1]);
}

/** One offending field of a verdict. */
export interface PssFinding<M extends string> {
  messageId: M;
  path: FieldPath;
  container?: string;
  fix?: JsonPatchOp[];
  fixSafety?: 'safe' | 'unsafe';
}

/** A control's verdict on one pod: Kubernetes' detail text and the fields behind it. */
export interface PssVerdict<M extends string> {
  detail: string;
  findings: PssFinding<M>[];
  /** Further message placeholders (e.g. a reason whose noun is singular or plural). */
  data?: Record<string, string>;
}

export type PssEvaluator<M extends string> = (workload: Workload) => PssVerdict<M> | undefined;

export interface PssImplementation<M extends string> {
  since: PssVersionName;
  evaluate: PssEvaluator<M>;
}

/** A check function that also exposes the policy versions its control changed at. */
export interface PssCheckFunction<M extends string> {
  (workload: Workload, ctx: CheckContext): Violation<M>[];
  readonly since: readonly PssVersionName[];
}

/**
 * Builds a check function from a control's versioned implementations. The table is checked
 * when the module loads (ascending, distinct, within the known policy versions) and expanded
 * once for every minor version, so evaluation is a lookup.
 */
export function pssControl<M extends string>(implementations: readonly PssImplementation<M>[]): PssCheckFunction<M> {
  if (implementations.length === 0) throw new Error('a Pod Security control needs at least one implementation');
  let previous = -1;
  for (const implementation of implementations) {
    const minor = minorOf(implementation.since);
    if (minor <= previous) throw new Error(`Pod Security control versions must ascend: ${implementation.since} after v1.${previous}`);
    if (minor > LATEST_PSS_MINOR) throw new Error(`Pod Security control version ${implementation.since} is newer than v1.${LATEST_PSS_MINOR}`);
    previous = minor;
  }
  const byMinor: (PssEvaluator<M> | undefined)[] = [];
  for (let minor = 0; minor <= LATEST_PSS_MINOR; minor++) {
    byMinor.push(implementations.filter((i) => minorOf(i.since) <= minor).at(-1)?.evaluate);
  }
  // Every call of a scan asks for the same version: resolve it once, not once per workload.
  let resolvedVersion: string | undefined;
  let resolvedEvaluate: PssEvaluator<M> | undefined;
  const check = (workload: Workload, ctx: CheckContext): Violation<M>[] => {
    const version = ctx.options.pssVersion;
    if (version !== resolvedVersion) {
      resolvedEvaluate = byMinor[resolvePssMinor(version)];
      resolvedVersion = version;
    }
    const verdict = resolvedEvaluate?.(workload);
    if (!verdict) return [];
    // The findings of one verdict read the same message data: one object serves them all.
    const data = { ...verdict.data, detail: verdict.detail };
    return verdict.findings.map((finding) => {
      const violation: Violation<M> = { messageId: finding.messageId, data, path: finding.path };
      if (finding.container !== undefined) violation.container = finding.container;
      if (finding.fix) {
        violation.fix = finding.fix;
        violation.fixSafety = finding.fixSafety ?? 'safe';
      }
      return violation;
    });
  };
  return Object.assign(check, { since: implementations.map((i) => i.since) });
}

// Kubernetes' wording helpers: quoted, comma-separated lists and singular/plural nouns.

export function joinQuote(items: readonly string[]): string {
  return items.map((item) => JSON.stringify(item)).join(', ');
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` or `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Distinct values in code-point order, as Kubernetes' string sets list them. */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function securityContextOf(ref: ContainerRef): Record<string, unknown> | undefined {
  const sc = ref.container.securityContext;
  return isRecord(sc) ? sc : undefined;
}

export function podSecurityContextOf(podSpec: PodSpec): Record<string, unknown> | undefined {
  return isRecord(podSpec.securityContext) ? podSpec.securityContext : undefined;
}

/** A nested record field, or undefined when any step is missing or not a mapping. */
export function recordAt(root: Record<string, unknown> | undefined, ...keys: string[]): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const key of keys) node = isRecord(node) ? node[key] : undefined;
  return isRecord(node) ? node : undefined;
}

export function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** Pod annotations (of the pod itself, or of a controller's pod template). */
export function annotationsOf(workload: Workload): Record<string, unknown> {
  return isRecord(workload.podMeta.annotations) ? workload.podMeta.annotations : {};
}

/** `spec.os.name: windows`: restricted controls that are meaningless on Windows exempt these pods from v1.25. */
export function isWindowsPod(podSpec: PodSpec): boolean {
  return isRecord(podSpec.os) && podSpec.os.name === 'windows';
}

/** `spec.hostUsers: false`: the pod runs in its own user namespace, which relaxes some controls from v1.35. */
export function inUserNamespace(podSpec: PodSpec): boolean {
  return podSpec.hostUsers === false;
}

export function containerPath(ref: ContainerRef, ...rest: (string | number)[]): FieldPath {
  return [...ref.path, ...rest];
}

export function podPath(workload: Workload, ...rest: (string | number)[]): FieldPath {
  return [...workload.podSpecPath, ...rest];
}

export function annotationPath(workload: Workload, key: string): FieldPath {
  return [...workload.podMetaPath, 'annotations', key];
}
