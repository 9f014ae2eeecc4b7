import type { Check } from '../core/check.js';
import { SEVERITIES, type Severity } from '../core/finding.js';
import type { HistoryReader, ScanSummary, StoredFinding } from '../store/history.js';

/** A finding as the browser lists it: short keys, since a scan may hold tens of thousands. */
export interface FindingRow {
  i: number;
  c: string;
  t: string;
  s: Severity;
  g: string;
  n: string;
  k: string;
  r: string;
  m: string;
  f: string;
  l: number;
  x: 0 | 1;
}

export function findingRows(findings: readonly StoredFinding[]): FindingRow[] {
  return findings.map((f) => ({
    i: f.idx,
    c: f.check,
    t: f.title,
    s: f.severity,
    g: f.category,
    n: f.namespace ?? '',
    k: f.kind,
    r: f.name,
    m: f.message,
    f: f.file ?? '',
    l: f.line ?? 0,
    x: f.suppression ? 1 : 0,
  }));
}

export interface NamespacePosture {
  namespace: string;
  resources: number;
  counts: Record<Severity, number>;
  /** Share of the namespace's resources with no active high or critical finding (as the report's score). */
  score: number;
}

/** Posture per namespace, worst first; `(no namespace)` holds cluster-scoped objects and manifests that leave the namespace to kubectl. */
export function namespacePosture(scan: ScanSummary, figures: ReturnType<HistoryReader['namespaceCounts']>): NamespacePosture[] {
  const rows = new Map<string, NamespacePosture>();
  const rowOf = (ns: string): NamespacePosture => {
    let row = rows.get(ns);
    if (!row) rows.set(ns, (row = { namespace: ns, resources: scan.namespaces[ns] ?? 0, counts: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, score: 100 }));
    return row;
  };
  for (const ns of Object.keys(scan.namespaces)) rowOf(ns);
  for (const c of figures.counts) rowOf(c.namespace).counts[c.severity] += c.n;
  for (const row of rows.values()) {
    const broken = figures.bad.get(row.namespace) ?? 0;
    row.score = row.resources === 0 ? (broken > 0 ? 0 : 100) : Math.round((100 * Math.max(0, row.resources - broken)) / row.resources);
    if (row.namespace === '') row.namespace = '(no namespace)';
  }
  return [...rows.values()].sort((a, b) => a.score - b.score || a.namespace.localeCompare(b.namespace));
}

export interface ExceptionRow {
  check: string;
  resource: string;
  by: string;
  reason: string;
  owner?: string;
  expires?: string;
  /** Whole days until expiry (negative: expired); absent for exceptions without expiry. */
  daysLeft?: number;
  /** The exception matched but had expired, so the finding counts again. */
  expired: boolean;
}

const DAY = 86_400_000;

/** Suppressed findings and findings whose exception expired, soonest expiry first. */
export function exceptionsOf(findings: readonly StoredFinding[], now: Date): ExceptionRow[] {
  const rows: ExceptionRow[] = [];
  for (const f of findings) {
    const resource = `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}`;
    if (f.suppression) {
      const row: ExceptionRow = { check: f.check, resource, by: f.suppression.by, reason: f.suppression.reason, expired: false };
      if (f.suppression.owner) row.owner = f.suppression.owner;
      if (f.suppression.expires) {
        row.expires = f.suppression.expires;
        row.daysLeft = Math.floor((Date.parse(f.suppression.expires) - now.getTime()) / DAY);
      }
      rows.push(row);
    } else if (f.exceptionExpired) {
      rows.push({ check: f.check, resource, by: 'exception', reason: 'expired: the finding is reported again', expires: f.exceptionExpired, daysLeft: Math.floor((Date.parse(f.exceptionExpired) - now.getTime()) / DAY), expired: true });
    }
  }
  return rows.sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.check.localeCompare(b.check));
}

export function checkCatalogue(checks: readonly Check[]): Record<string, unknown>[] {
  return checks.map((c) => ({
    id: c.id,
    code: c.code,
    title: c.title,
    severity: c.severity,
    category: c.category,
    scope: c.scope,
    description: c.description,
    remediation: c.docs.remediation,
    frameworks: c.frameworks,
    defaultEnabled: c.defaultEnabled !== false,
  }));
}
