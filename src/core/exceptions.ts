import type { Suppression } from './finding.js';
import { annotationsOf, isRecord, type KubeObject } from './k8s/object.js';
import { workloadOf, type Workload } from './k8s/workload.js';

/** Annotation on an object or its pod template: one `<check-id>[<container>]: <reason>` per line. */
export const IGNORE_ANNOTATION = 'stockade.dev/ignore';

export interface ExceptionRule {
  check: string;
  /** Limits the exception to one container (per-container exceptions). */
  container?: string;
  reason: string;
  owner?: string;
  /** ISO date (YYYY-MM-DD): the exception stops suppressing after this day. */
  expires?: string;
  by: 'annotation' | 'config';
}

export interface ConfigException extends Omit<ExceptionRule, 'by'> {
  /** Which objects: every field optional, `*` wildcards in kind, namespace and name. */
  resource?: { kind?: string; namespace?: string; name?: string };
}

export interface ExceptionProblem {
  message: string;
}

const ANNOTATION_LINE = /^\s*([a-z0-9][a-z0-9-]*|\*)\s*(?:\[\s*([^\]]+?)\s*\])?\s*:\s*(.*?)\s*$/;
const EXPIRES_SUFFIX = /\s*\(\s*expires\s+(\d{4}-\d{2}-\d{2})\s*\)\s*$/i;

/**
 * Parses the ignore annotation. Lines without a reason are not honoured: an exception must
 * say why, or it is a silent hole in policy.
 */
export function parseIgnoreAnnotation(value: string): { rules: ExceptionRule[]; problems: ExceptionProblem[] } {
  const rules: ExceptionRule[] = [];
  const problems: ExceptionProblem[] = [];
  for (const raw of value.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const match = ANNOTATION_LINE.exec(raw);
    if (!match) {
      problems.push({ message: `${IGNORE_ANNOTATION}: cannot read "${raw.trim()}" (expected "<check-id>: <reason>")` });
      continue;
    }
    let reason = match[3] ?? '';
    let expires: string | undefined;
    const expiry = EXPIRES_SUFFIX.exec(reason);
    if (expiry) {
      expires = expiry[1];
      reason = reason.slice(0, expiry.index).trim();
    }
    if (reason === '') {
      problems.push({ message: `${IGNORE_ANNOTATION}: exception for "${match[1]}" has no reason and is not applied` });
      continue;
    }
    const rule: ExceptionRule = { check: match[1]!, reason, by: 'annotation' };
    if (match[2]) rule.container = match[2];
    if (expires) rule.expires = expires;
    rules.push(rule);
  }
  return { rules, problems };
}

/** Exceptions declared on an object itself and on its pod template. */
export function annotationExceptions(
  object: KubeObject,
  /** The object's workload view when the caller has it (null: none), so it is not built again. */
  workload: Workload | null = workloadOf(object) ?? null,
): { rules: ExceptionRule[]; problems: ExceptionProblem[] } {
  const values: string[] = [];
  const own = annotationsOf(object)[IGNORE_ANNOTATION];
  if (typeof own === 'string') values.push(own);
  if (workload && workload.podMeta !== object.metadata && isRecord(workload.podMeta.annotations)) {
    const template = (workload.podMeta.annotations as Record<string, unknown>)[IGNORE_ANNOTATION];
    if (typeof template === 'string') values.push(template);
  }
  const rules: ExceptionRule[] = [];
  const problems: ExceptionProblem[] = [];
  for (const value of values) {
    const parsed = parseIgnoreAnnotation(value);
    rules.push(...parsed.rules);
    problems.push(...parsed.problems);
  }
  return { rules, problems };
}

function globMatch(pattern: string | undefined, value: string | undefined): boolean {
  if (pattern === undefined || pattern === '*') return true;
  if (value === undefined) return false;
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp('^' + pattern.split('*').map(escapeRegExp).join('.*') + '$');
  return re.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function configExceptionMatches(
  exception: ConfigException,
  finding: { check: string; container?: string; resource: { kind: string; namespace?: string; name: string } },
): boolean {
  if (exception.check !== '*' && exception.check !== finding.check) return false;
  if (exception.container !== undefined && exception.container !== finding.container) return false;
  const r = exception.resource;
  if (!r) return true;
  return globMatch(r.kind, finding.resource.kind) && globMatch(r.namespace, finding.resource.namespace) && globMatch(r.name, finding.resource.name);
}

export function ruleMatches(rule: ExceptionRule, check: string, container: string | undefined): boolean {
  if (rule.check !== '*' && rule.check !== check) return false;
  return rule.container === undefined || rule.container === container;
}

/** True when the exception's expiry day has passed (it is valid through the whole expiry day, UTC). */
export function isExpired(expires: string | undefined, now: Date): boolean {
  if (expires === undefined) return false;
  const end = Date.parse(`${expires}T23:59:59.999Z`);
  return Number.isFinite(end) && now.getTime() > end;
}

export function suppressionOf(rule: ExceptionRule): Suppression {
  const s: Suppression = { by: rule.by, reason: rule.reason };
  if (rule.owner !== undefined) s.owner = rule.owner;
  if (rule.expires !== undefined) s.expires = rule.expires;
  return s;
}
