import type { AnalysisOptions, Check } from '../core/check.js';
import type { StockadeConfig } from '../core/config.js';
import { analyze, type AnalysisResult } from '../core/engine.js';
import { oneLine } from '../core/errors.js';
import { IGNORE_ANNOTATION } from '../core/exceptions.js';
import { atOrAbove, type Finding, type Severity } from '../core/finding.js';
import { Inventory } from '../core/inventory.js';
import { describeRef, isRecord, labelsOf, refOf, type KubeObject } from '../core/k8s/object.js';
import { ApplicableChecks } from './applicable.js';
import { applyFixMerging, diffPatch } from './patch.js';
import { alwaysPullImages, inject } from './policies/mutations.js';
import execGuardCheck, { isEscalatingExec } from './policies/exec-guard.js';
import type { AdmissionRequest, AdmissionResponse, AdmissionReview } from './review.js';
import { needsNamespaceLabels, ruleFor, type AdmissionSettings, type ImagePolicy, type Mode } from './settings.js';

/** Catalogue checks that carry an image policy's verdicts (see ImagePolicy). */
export const IMAGE_POLICY_CHECKS = { registry: 'image-registry-not-allowed', latest: 'image-latest-tag', digest: 'image-not-pinned-by-digest' } as const;

export type Endpoint = 'validate' | 'mutate';
/** What the webhook did with a request: the `decision` label of the metrics. */
export type DecisionKind = 'allow' | 'deny' | 'warn' | 'audit' | 'patch' | 'skip';

export interface Outcome {
  response: AdmissionResponse;
  decision: DecisionKind;
  /** Checks that threw, lookups that failed: counted as errors. */
  errors: string[];
  /** Violations judged in audit mode, for the audit metric. */
  audited: string[];
}

/** The side doors of a decision: the clock, the API lookups and the audit log, all injected. */
export interface Environment {
  now(): Date;
  /** Labels of a namespace (for selector rules); rejects when the API cannot be read. */
  namespaceLabels?(namespace: string): Promise<Record<string, string>>;
  /** The live pod an exec or attach targets; rejects when it cannot be read. */
  getPod?(namespace: string, name: string): Promise<KubeObject>;
  auditLog(entry: Record<string, unknown>): void;
}

export interface ControllerInput {
  /** The selected catalogue checks (policy, enable, disable), as `stockade scan` selects them. */
  checks: readonly Check[];
  /** The whole catalogue: image-policy checks are drawn from it even when not selected. */
  catalogue: readonly Check[];
  config: StockadeConfig;
  admission: AdmissionSettings;
  pssVersion: string;
  kubeVersion: string;
}

/** Everything a request in one namespace is judged with, computed once per rule. */
interface Profile {
  mode: Mode;
  checks: ApplicableChecks;
  settings: Record<string, unknown>;
  /** Checks whose every finding is a violation whatever its severity (the image policy's). */
  forced: ReadonlySet<string>;
}

interface Violation {
  check: string;
  title: string;
  severity: Severity;
  message: string;
  container?: string;
  path?: string;
}

const MAX_WARNING_LENGTH = 256;

/**
 * Turns AdmissionReviews into decisions with the same checks, config and exceptions as
 * `stockade scan`. Holds no analysis of its own: it selects checks per namespace, runs the
 * engine, and shapes the findings into an answer.
 */
export class AdmissionController {
  private readonly failOn: Severity;
  private readonly defaultProfile: Profile;
  private readonly profiles = new Map<object, Profile>();
  /** What /mutate runs: the safe-fix checks (security defaults) and the sandbox checks. */
  private readonly fixChecks: ApplicableChecks;
  private readonly execGuard = new ApplicableChecks([execGuardCheck as Check]);

  constructor(
    private readonly input: ControllerInput,
    private readonly env: Environment,
  ) {
    const { admission, config } = input;
    this.failOn = admission.failOn ?? config.failOn ?? 'high';
    this.defaultProfile = this.profile(admission.defaultMode, admission.images);
    for (const rule of admission.namespaces) this.profiles.set(rule, this.profile(rule.mode ?? admission.defaultMode, rule.images ?? admission.images));
    const defaults = admission.securityDefaults;
    const sandbox = input.checks.filter((c) => c.category === 'sandbox');
    const safeFixes = typeof defaults === 'object' ? input.catalogue.filter((c) => defaults.checks.includes(c.id)) : input.checks;
    this.fixChecks = new ApplicableChecks(defaults === false ? sandbox : mergeChecks(safeFixes, sandbox));
  }

  private profile(mode: Mode, images: ImagePolicy | undefined): Profile {
    if (!images) return { mode, checks: new ApplicableChecks(this.input.checks), settings: this.input.config.settings, forced: new Set() };
    const forced = new Set<string>();
    if (images.allowedRegistries.length > 0) forced.add(IMAGE_POLICY_CHECKS.registry);
    if (images.denyLatest) forced.add(IMAGE_POLICY_CHECKS.latest);
    if (images.requireDigest) forced.add(IMAGE_POLICY_CHECKS.digest);
    const selected = new Set(this.input.checks.map((c) => c.id));
    const checks = [...this.input.checks, ...this.input.catalogue.filter((c) => forced.has(c.id) && !selected.has(c.id))];
    const base = this.input.config.settings;
    const imageSection = isRecord(base.images) ? base.images : {};
    const settings = images.allowedRegistries.length > 0 ? { ...base, images: { ...imageSection, allowedRegistries: images.allowedRegistries } } : base;
    return { mode, checks: new ApplicableChecks(checks), settings, forced };
  }

  private options(settings: Record<string, unknown>): AnalysisOptions {
    return { now: this.env.now(), pssVersion: this.input.pssVersion, kubeVersion: this.input.kubeVersion, settings };
  }

  isExempt(namespace: string | undefined): boolean {
    return namespace !== undefined && this.input.admission.exemptNamespaces.includes(namespace);
  }

  /** The profile of the request's namespace; labels are fetched only when a selector rule needs them. */
  private async profileFor(request: AdmissionRequest): Promise<Profile> {
    const admission = this.input.admission;
    const namespace = request.namespace ?? (request.kind.kind === 'Namespace' ? request.name : undefined);
    if (namespace === undefined || admission.namespaces.length === 0) return this.defaultProfile;
    let labels: Record<string, string> | undefined;
    if (request.kind.kind === 'Namespace' && request.object) labels = labelsOf(request.object);
    else if (needsNamespaceLabels(admission)) {
      if (!this.env.namespaceLabels) throw new LookupError(`namespace rules use label selectors but no Kubernetes API is configured`);
      try {
        labels = await this.env.namespaceLabels(namespace);
      } catch (error) {
        throw new LookupError(`cannot read the labels of namespace ${namespace}: ${oneLine(error)}`);
      }
    }
    const rule = ruleFor(admission, namespace, labels);
    return (rule && this.profiles.get(rule)) ?? this.defaultProfile;
  }

  /**
   * `mode` overrides the namespace's configured mode: the API server has already chosen the
   * namespaces by the webhook entry's namespaceSelector (`/validate/enforce`), so the webhook
   * need not read namespace labels itself.
   */
  async review(endpoint: Endpoint, review: AdmissionReview, mode?: Mode): Promise<Outcome> {
    const request = review.request;
    if (this.isExempt(request.namespace)) return allow(request.uid, 'skip');
    return endpoint === 'validate' ? this.validate(request, mode) : this.mutate(request);
  }

  private async validate(request: AdmissionRequest, mode: Mode | undefined): Promise<Outcome> {
    let profile: Profile;
    try {
      profile = await this.profileFor(request);
      if (mode !== undefined && mode !== profile.mode) profile = { ...profile, mode };
    } catch (error) {
      if (!(error instanceof LookupError)) throw error;
      // Fail closed: not knowing the namespace's mode must not open it up.
      return { response: deny(request.uid, `stockade: ${error.message}`), decision: 'deny', errors: [error.message], audited: [] };
    }
    if (isEscalatingExec(request)) return this.validateExec(request, profile);
    if (!judged(request)) return allow(request.uid, 'skip');
    const object = withNamespace(request.object!, request.namespace);
    const options = this.options(profile.settings);
    const result = analyze(Inventory.of([object], 'admission'), profile.checks.for(object.kind), options, this.input.config);
    let violations = this.violationsOf(result.findings, profile);
    if (request.operation === 'UPDATE' && this.input.admission.onlyNewViolations && request.oldObject) {
      const oldObject = withNamespace(request.oldObject, request.namespace);
      const old = analyze(Inventory.of([oldObject], 'admission'), profile.checks.for(oldObject.kind), options, this.input.config);
      const before = new Set(old.findings.map((f) => f.fingerprint));
      violations = violations.filter((v) => !before.has(v.fingerprint));
    }
    return this.judge(request, object, profile.mode, violations, problemsOf(result));
  }

  private async validateExec(request: AdmissionRequest, profile: Profile): Promise<Outcome> {
    if (!this.input.admission.execGuard || request.name === undefined || request.namespace === undefined) return allow(request.uid, 'skip');
    const target = `pod ${request.namespace}/${request.name}`;
    if (!this.env.getPod) return failClosed(request.uid, `cannot check ${request.subResource} into ${target}: no Kubernetes API is configured`);
    let pod: KubeObject;
    try {
      pod = await this.env.getPod(request.namespace, request.name);
    } catch (error) {
      return failClosed(request.uid, `cannot read ${target} to check ${request.subResource}: ${oneLine(error)}`);
    }
    const result = analyze(Inventory.of([pod], 'admission'), this.execGuard.for(pod.kind), this.options(profile.settings), this.input.config);
    const violations = result.findings.filter((f) => !f.suppressed).map((f) => violationOf(f));
    return this.judge(request, pod, profile.mode, violations, problemsOf(result));
  }

  private violationsOf(findings: Finding[], profile: Profile): (Violation & { fingerprint: string })[] {
    const sandboxDenied = !this.input.admission.sandboxMutate;
    return findings
      .filter((f) => !f.suppressed && (atOrAbove(f.severity, this.failOn) || profile.forced.has(f.check) || (sandboxDenied && f.category === 'sandbox')))
      .map((f) => ({ ...violationOf(f), fingerprint: f.fingerprint }));
  }

  /** Shapes violations and evaluation errors into the namespace mode's answer. */
  private judge(request: AdmissionRequest, object: KubeObject, mode: Mode, violations: Violation[], problems: { errors: string[]; notes: string[] }): Outcome {
    const { errors, notes } = problems;
    const items = summarise(violations);
    const warnings = notes.map((n) => clip(`stockade: ${n}`));
    if (mode === 'enforce' && (items.length > 0 || errors.length > 0)) {
      const reasons = [...items.map((i) => i.text), ...errors.map((e) => `could not evaluate: ${e}`)];
      const response = deny(request.uid, `stockade denied ${request.operation} of ${describeRef(refOf(object))}: ${reasons.join('; ')}`);
      if (warnings.length > 0) response.warnings = warnings;
      return { response, decision: 'deny', errors, audited: [] };
    }
    if (mode === 'warn' || items.length === 0) {
      warnings.push(...items.map((i) => clip(`stockade: ${i.text}`)), ...errors.map((e) => clip(`stockade could not evaluate: ${e}`)));
      const response: AdmissionResponse = { uid: request.uid, allowed: true };
      if (warnings.length > 0) response.warnings = warnings;
      return { response, decision: items.length > 0 ? 'warn' : 'allow', errors, audited: [] };
    }
    // Audit: allowed, and recorded once, unless this is a dry run (no side effects).
    if (!request.dryRun) {
      this.env.auditLog({
        time: this.env.now().toISOString(),
        uid: request.uid,
        operation: request.operation,
        resource: refOf(object),
        user: request.userInfo?.username,
        mode,
        violations: violations.map(({ check, severity, message, container, path }) => ({ check, severity, message, container, path })),
        errors,
      });
    }
    const response: AdmissionResponse = { uid: request.uid, allowed: true, auditAnnotations: { 'stockade.dev/violations': items.map((i) => i.check).join(',') } };
    if (errors.length > 0 || warnings.length > 0) response.warnings = [...warnings, ...errors.map((e) => clip(`stockade could not evaluate: ${e}`))];
    return { response, decision: 'audit', errors, audited: request.dryRun ? [] : items.map((i) => i.check) };
  }

  private async mutate(request: AdmissionRequest): Promise<Outcome> {
    if (!judged(request)) return allow(request.uid, 'skip');
    try {
      return await this.mutateObject(request);
    } catch (error) {
      // An object too deep to copy or compare: admit it unchanged, as failurePolicy Ignore
      // would; the validating webhook still judges it.
      const message = `cannot mutate ${describeRef(refOf(request.object!))}: ${oneLine(error)}`;
      return { response: { uid: request.uid, allowed: true, warnings: [clip(`stockade: ${message}`)] }, decision: 'allow', errors: [message], audited: [] };
    }
  }

  private async mutateObject(request: AdmissionRequest): Promise<Outcome> {
    const admission = this.input.admission;
    let profile: Profile;
    try {
      profile = await this.profileFor(request);
    } catch (error) {
      if (!(error instanceof LookupError)) throw error;
      profile = this.defaultProfile;
    }
    const original = request.object!;
    const working = structuredClone(original);
    if (admission.inject) inject(working, admission.inject);
    if (admission.alwaysPullImages) alwaysPullImages(working);
    const errors: string[] = [];
    if (admission.securityDefaults !== false || admission.sandboxMutate) errors.push(...this.applyFixes(working, request.namespace, profile));
    const patch = diffPatch(original, working);
    const response: AdmissionResponse = { uid: request.uid, allowed: true };
    if (errors.length > 0) response.warnings = errors.map((e) => clip(`stockade could not evaluate: ${e}`));
    if (patch.length === 0) return { response, decision: 'allow', errors, audited: [] };
    response.patchType = 'JSONPatch';
    response.patch = Buffer.from(JSON.stringify(patch)).toString('base64');
    return { response, decision: 'patch', errors, audited: [] };
  }

  /**
   * Applies the catalogue's safe fixes (security defaults) and the sandbox fixes until none
   * is left. A fix can create the parent another fix needs, hence the rounds; a fix that
   * keeps coming back is not applied twice.
   */
  private applyFixes(working: KubeObject, namespace: string | undefined, profile: Profile): string[] {
    const admission = this.input.admission;
    const checks = this.fixChecks.for(working.kind);
    const tried = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const result = analyze(Inventory.of([withNamespace(working, namespace)], 'admission'), checks, this.options(profile.settings), this.input.config);
      const fixes = result.findings.filter(
        (f) =>
          f.fix !== undefined &&
          !f.suppressed &&
          !tried.has(f.fingerprint) &&
          ((admission.securityDefaults !== false && f.fixSafety === 'safe' && f.category !== 'sandbox') || (admission.sandboxMutate && f.category === 'sandbox')),
      );
      if (fixes.length === 0) return problemsOf(result).errors;
      for (const finding of fixes) {
        tried.add(finding.fingerprint);
        applyFixMerging(working, finding.fix!);
      }
    }
    return [];
  }
}

class LookupError extends Error {}

function mergeChecks(a: readonly Check[], b: readonly Check[]): Check[] {
  const ids = new Set(a.map((c) => c.id));
  return [...a, ...b.filter((c) => !ids.has(c.id))];
}

/** Only stored objects are judged: deletes, connects and subresources other than ephemeral containers pass. */
function judged(request: AdmissionRequest): boolean {
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return false;
  if (request.subResource !== undefined && request.subResource !== 'ephemeralcontainers') return false;
  return request.object !== undefined;
}

/** The API server may leave metadata.namespace empty on CREATE; exceptions match on it, so fill it. */
function withNamespace(object: KubeObject, namespace: string | undefined): KubeObject {
  if (namespace === undefined || (typeof object.metadata?.namespace === 'string' && object.metadata.namespace !== '')) return object;
  return { ...object, metadata: { ...(object.metadata ?? {}), namespace } };
}

function violationOf(f: Finding): Violation {
  const v: Violation = { check: f.check, title: f.title, severity: f.severity, message: f.message };
  if (f.container !== undefined) v.container = f.container;
  if (f.location.path !== undefined) v.path = f.location.path;
  return v;
}

/**
 * One line per violated check, naming its containers and fields, after Pod Security
 * Admission's "privileged (containers "a", "b" must not set ...)".
 */
function summarise(violations: Violation[]): { check: string; text: string }[] {
  const byCheck = new Map<string, Violation[]>();
  for (const v of violations) {
    let list = byCheck.get(v.check);
    if (!list) byCheck.set(v.check, (list = []));
    list.push(v);
  }
  return [...byCheck].map(([check, list]) => {
    const containers = [...new Set(list.flatMap((v) => (v.container !== undefined ? [v.container] : [])))];
    const fields = [...new Set(list.flatMap((v) => (v.path !== undefined ? [v.path] : [])))];
    const parts = [];
    if (containers.length > 0) parts.push(`${containers.length === 1 ? 'container' : 'containers'} ${containers.map((c) => JSON.stringify(c)).join(', ')}`);
    if (fields.length > 0) parts.push(`${fields.length === 1 ? 'field' : 'fields'} ${fields.join(', ')}`);
    const messages = [...new Set(list.map((v) => v.message))];
    return { check, text: `${check} [${list[0]!.severity}] (${parts.join('; ') || list[0]!.title}): ${messages.join(' ')}` };
  });
}

function problemsOf(result: AnalysisResult): { errors: string[]; notes: string[] } {
  const errors: string[] = [];
  const notes: string[] = [];
  // A malformed ignore annotation is the user's note to fix, not a failure of the webhook.
  for (const p of result.problems) (p.message.startsWith(IGNORE_ANNOTATION) ? notes : errors).push(p.message);
  return { errors, notes };
}

function allow(uid: string, decision: DecisionKind): Outcome {
  return { response: { uid, allowed: true }, decision, errors: [], audited: [] };
}

function deny(uid: string, message: string): AdmissionResponse {
  return { uid, allowed: false, status: { code: 403, reason: 'Forbidden', message } };
}

function failClosed(uid: string, message: string): Outcome {
  return { response: deny(uid, `stockade: ${message}`), decision: 'deny', errors: [message], audited: [] };
}

function clip(text: string): string {
  // The API server truncates longer warnings; cut at a word so kubectl shows whole words.
  return text.length <= MAX_WARNING_LENGTH ? text : text.slice(0, MAX_WARNING_LENGTH - 1).replace(/\s+\S*$/, '') + '…';
}
