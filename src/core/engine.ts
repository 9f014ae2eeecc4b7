import type { AnalysisOptions, Check, Violation } from './check.js';
import { renderMessage } from './check.js';
import type { StockadeConfig } from './config.js';
import {
  annotationExceptions,
  configExceptionMatches,
  isExpired,
  ruleMatches,
  suppressionOf,
  type ExceptionRule,
} from './exceptions.js';
import { fingerprintOf, type Finding, type ResourceRef } from './finding.js';
import type { Inventory, InventoryEntry } from './inventory.js';
import { refOf } from './k8s/object.js';
import { formatPath, type FieldPath } from './path.js';

export interface AnalysisProblem {
  entry?: InventoryEntry;
  message: string;
}

export interface AnalysisResult {
  /** Every finding, unless a sink took them as they were made (then empty, as are entries and paths). */
  findings: Finding[];
  /** The inventory entry each finding is about (same index), for locating it in its source. */
  entries: (InventoryEntry | undefined)[];
  /** The field path of each finding as segments (same index), so it is not parsed back from text. */
  paths: (FieldPath | undefined)[];
  /** Checks that threw and exceptions that could not be read: reported as input errors. */
  problems: AnalysisProblem[];
}

/**
 * Receives each finding as it is made, with the entry it is about and its field path: a large
 * scan encodes findings at once instead of keeping them all.
 */
export type FindingSink = (finding: Finding, entry: InventoryEntry | undefined, path: FieldPath | undefined) => void;

export interface AnalysisRun {
  sink?: FindingSink;
  /**
   * Only entries with ids in [from, to) get per-object checks: a scan split across threads
   * gives each its share of the inventory, every one seeing the whole inventory.
   */
  entries?: { from: number; to: number };
}

/**
 * Runs checks over an inventory and turns violations into findings, applying severity
 * overrides and exceptions. Pure: everything it needs comes in through its arguments.
 */
export function analyze(inventory: Inventory, checks: readonly Check[], options: AnalysisOptions, config: StockadeConfig, run: AnalysisRun = {}): AnalysisResult {
  const { sink } = run;
  const result: AnalysisResult = { findings: [], entries: [], paths: [], problems: [] };
  const ctx = { options, inventory };
  // Per entry (ids are dense, 0 to size - 1): its exception annotations and its resource
  // reference, each built once however many findings the entry has.
  const annotationRules = new Array<readonly ExceptionRule[] | undefined>(inventory.size);
  const rulesFor = (entry: InventoryEntry): readonly ExceptionRule[] => {
    let rules = annotationRules[entry.id];
    if (rules === undefined) {
      const parsed = annotationExceptions(entry.object, inventory.workloadOf(entry) ?? null);
      rules = parsed.rules.length > 0 ? parsed.rules : NO_RULES;
      for (const problem of parsed.problems) result.problems.push({ entry, message: problem.message });
      annotationRules[entry.id] = rules;
    }
    return rules;
  };
  const refs = new Array<ResourceRef | undefined>(inventory.size);
  const refFor = (entry: InventoryEntry): ResourceRef => (refs[entry.id] ??= refOf(entry.object));
  const emit = (check: Check, violation: Violation, entry: InventoryEntry | undefined) => {
    const resource = violation.resource ?? (entry ? refFor(entry) : { apiVersion: '', kind: '', name: '' });
    const finding = toFinding(check, violation, resource, config, options.now, entry ? rulesFor(entry) : NO_RULES);
    if (sink) return sink(finding, entry, violation.path);
    result.findings.push(finding);
    result.entries.push(entry);
    result.paths.push(violation.path);
  };

  const { workloadChecks, objectChecksByKind } = indexOf(checks);

  const entries = run.entries ? inventory.entries.slice(run.entries.from, run.entries.to) : inventory.entries;
  for (const entry of entries) {
    const workload = workloadChecks.length > 0 ? inventory.workloadOf(entry) : undefined;
    if (workload) {
      for (const check of workloadChecks) {
        if (check.scope !== 'workload') continue;
        let violations: Violation[];
        try {
          violations = check.check(workload, ctx);
        } catch (error) {
          result.problems.push({ entry, message: `check ${check.id} failed: ${describe(error)}` });
          continue;
        }
        for (const v of violations) emit(check, v, entry);
      }
    }
    const objectChecks = objectChecksByKind.get(entry.object.kind);
    if (objectChecks) {
      for (const check of objectChecks) {
        if (check.scope !== 'object') continue;
        let violations: Violation[];
        try {
          violations = check.check(entry.object, ctx);
        } catch (error) {
          result.problems.push({ entry, message: `check ${check.id} failed: ${describe(error)}` });
          continue;
        }
        for (const v of violations) emit(check, v, entry);
      }
    }
  }

  for (const check of checks) {
    if (check.scope !== 'inventory') continue;
    let violations: Violation[];
    try {
      violations = check.check(inventory, ctx);
    } catch (error) {
      result.problems.push({ message: `check ${check.id} failed: ${describe(error)}` });
      continue;
    }
    for (const v of violations) emit(check, v, v.entry);
  }
  return result;
}

const NO_RULES: readonly ExceptionRule[] = Object.freeze([]);

interface CheckIndex {
  workloadChecks: Check[];
  objectChecksByKind: Map<string, Check[]>;
}

// The webhook calls analyze for every request with the same list: index each list once.
const indexes = new WeakMap<readonly Check[], CheckIndex>();

function indexOf(checks: readonly Check[]): CheckIndex {
  let index = indexes.get(checks);
  if (index) return index;
  index = { workloadChecks: checks.filter((c) => c.scope === 'workload'), objectChecksByKind: new Map() };
  for (const check of checks) {
    if (check.scope !== 'object') continue;
    for (const kind of check.kinds) {
      let list = index.objectChecksByKind.get(kind);
      if (!list) index.objectChecksByKind.set(kind, (list = []));
      list.push(check);
    }
  }
  // A list can be changed after a call; a frozen one cannot, so only frozen lists are remembered.
  if (Object.isFrozen(checks)) indexes.set(checks, index);
  return index;
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function toFinding(
  check: Check,
  violation: Violation,
  resource: ResourceRef,
  config: StockadeConfig,
  now: Date,
  annotationRules: readonly ExceptionRule[],
): Finding {
  const path = violation.path ? formatPath(violation.path) : undefined;
  const template = (check.messages as Record<string, string>)[violation.messageId];
  const finding: Finding = {
    check: check.id,
    code: check.code,
    severity: config.checks.severity[check.id] ?? violation.severity ?? check.severity,
    category: check.category,
    title: check.title,
    message: template === undefined ? violation.messageId : renderMessage(template, violation.data),
    resource,
    location: path !== undefined ? { path } : {},
    frameworks: check.frameworks,
    remediation: check.docs.remediation,
    fingerprint: fingerprintOf({ check: check.id, resource, path, container: violation.container, discriminator: violation.discriminator }),
  };
  if (violation.fix) {
    finding.fix = violation.fix;
    finding.fixSafety = violation.fixSafety ?? 'safe';
  }
  if (violation.container !== undefined) finding.container = violation.container;
  if (violation.extra) Object.assign(finding, violation.extra);

  if (annotationRules.length === 0 && config.exceptions.length === 0) return finding;
  const candidates: ExceptionRule[] = annotationRules.filter((r) => ruleMatches(r, check.id, violation.container));
  for (const exception of config.exceptions) {
    if (configExceptionMatches(exception, { check: check.id, container: violation.container, resource })) {
      candidates.push({ ...exception, by: 'config' });
    }
  }
  const active = candidates.find((r) => !isExpired(r.expires, now));
  if (active) finding.suppressed = suppressionOf(active);
  else {
    const expired = candidates.find((r) => r.expires !== undefined);
    if (expired) finding.exceptionExpired = { by: expired.by, reason: expired.reason, expires: expired.expires! };
  }
  return finding;
}
