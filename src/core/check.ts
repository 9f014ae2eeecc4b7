import type { Frameworks, JsonPatchOp, ResourceRef, Severity } from './finding.js';
import type { Inventory, InventoryEntry } from './inventory.js';
import type { KubeObject } from './k8s/object.js';
import type { Workload } from './k8s/workload.js';
import type { FieldPath } from './path.js';

export const CHECK_CATEGORIES = [
  'pod-security',
  'workload',
  'supply-chain',
  'exposure',
  'sandbox',
  'rbac',
  'network',
  'control-plane',
  'hygiene',
] as const;
export type CheckCategory = (typeof CHECK_CATEGORIES)[number];

export interface CheckDocs {
  /** Why this matters, in a paragraph. */
  rationale: string;
  /** How to fix it, in a sentence or two. */
  remediation: string;
  references?: string[];
  /** A minimal YAML excerpt that fires the check, and one that passes. */
  example?: { bad: string; good?: string };
}

/** Options every analyser receives. Analysers never read the clock or the environment. */
export interface AnalysisOptions {
  now: Date;
  /** Pod Security Standards policy version, `latest` or `v1.N`. */
  pssVersion: string;
  /** Target Kubernetes version for API deprecation checks, `v1.N`. */
  kubeVersion: string;
  /** Check-specific settings from `.stockade.yaml` (images, sandbox, network, ...). */
  settings: Record<string, unknown>;
}

export interface CheckContext {
  options: AnalysisOptions;
  inventory: Inventory;
}

export interface Violation<M extends string = string> {
  messageId: M;
  /** Values substituted into the message template's `{{name}}` placeholders. */
  data?: Record<string, string | number>;
  /** Field path of the offending field within the object. */
  path?: FieldPath;
  /** JSON Patch that repairs the violation. */
  fix?: JsonPatchOp[];
  fixSafety?: 'safe' | 'unsafe';
  /** Container the violation is about: per-container exceptions match on it. */
  container?: string;
  /** Overrides the check's default severity for this violation (e.g. a sensitive hostPath). */
  severity?: Severity;
  /** For inventory checks: the object the violation is about. */
  entry?: InventoryEntry;
  /** For findings about something not in the inventory (an RBAC subject, an image). */
  resource?: ResourceRef;
  /** Distinguishes several violations of one check on one path (fingerprint input). */
  discriminator?: string;
  /** Analyser-specific fields copied into the finding. */
  extra?: Record<string, unknown>;
}

export interface CheckMeta<M extends string = string> {
  /** Kebab-case, describes the problem. */
  id: string;
  /** Stable short code, never reused: `SKD-` + 3 digits. */
  code: string;
  title: string;
  /** One sentence. */
  description: string;
  severity: Severity;
  category: CheckCategory;
  frameworks: Frameworks;
  docs: CheckDocs;
  /** Message templates keyed by message id; `{{name}}` placeholders come from violation data. */
  messages: Record<M, string>;
  /** Part of the `default` policy; checks that are noisy or opinionated opt out. */
  defaultEnabled?: boolean;
  /** Policy versions where the check's behaviour changed (Pod Security Standards: `v1.0`, `v1.19`, ...). */
  versions?: readonly string[];
}

export interface WorkloadCheck<M extends string = string> extends CheckMeta<M> {
  scope: 'workload';
  check(workload: Workload, ctx: CheckContext): Violation<M>[];
}

export interface ObjectCheck<M extends string = string> extends CheckMeta<M> {
  scope: 'object';
  /** Kinds this check applies to; it is never called for others. */
  kinds: readonly string[];
  check(object: KubeObject, ctx: CheckContext): Violation<M>[];
}

export interface InventoryCheck<M extends string = string> extends CheckMeta<M> {
  scope: 'inventory';
  /** Looks across objects; each violation names the entry (or resource) it is about. */
  check(inventory: Inventory, ctx: CheckContext): Violation<M>[];
}

export type Check<M extends string = string> = WorkloadCheck<M> | ObjectCheck<M> | InventoryCheck<M>;

/** Identity function that makes a misspelled message id a compile error. */
export function defineCheck<M extends string>(check: Check<M>): Check<M> {
  return check;
}

const compiledTemplates = new Map<string, string[]>();

/** Fills `{{name}}` placeholders; templates are split once, not re-scanned for every finding. */
export function renderMessage(template: string, data: Record<string, string | number> | undefined): string {
  let parts = compiledTemplates.get(template);
  if (!parts) compiledTemplates.set(template, (parts = template.split(/\{\{\s*(\w+)\s*\}\}/)));
  if (parts.length === 1) return template;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const value = data?.[parts[i]!];
    out += (value === undefined ? `{{${parts[i]}}}` : String(value)) + parts[i + 1]!;
  }
  return out;
}
