import { createHash } from 'node:crypto';
import type { Alert } from './engine.js';
import { type Priority, PRIORITIES, priorityRank } from './rules.js';

/**
 * Groups alerts into incidents: one identity's alerts close together in time. Inside an incident,
 * identical alerts are folded with a count, and the incident is ranked: its most urgent alert sets
 * the base, and an attack chain (reconnaissance, then privilege gain, then credential access or
 * exfiltration, in that order) raises it above every alert it contains. Pure: time comes from the
 * alerts.
 */

export type Stage = 'reconnaissance' | 'privilege' | 'credentials-or-exfiltration';

const STAGE_OF_TACTIC: Record<string, Stage> = {
  mitre_discovery: 'reconnaissance',
  mitre_reconnaissance: 'reconnaissance',
  mitre_privilege_escalation: 'privilege',
  mitre_persistence: 'privilege',
  mitre_credential_access: 'credentials-or-exfiltration',
  mitre_collection: 'credentials-or-exfiltration',
  mitre_exfiltration: 'credentials-or-exfiltration',
};
const CHAIN: Stage[] = ['reconnaissance', 'privilege', 'credentials-or-exfiltration'];

export function stagesOf(alert: Alert): Stage[] {
  const out = new Set<Stage>();
  for (const tag of alert.tags) {
    const s = STAGE_OF_TACTIC[tag];
    if (s) out.add(s);
  }
  return [...out];
}

export interface FoldedAlert {
  rule: string;
  priority: Priority;
  output: string;
  count: number;
  first: string;
  last: string;
  /** Audit IDs of the first few occurrences, to find the events again. */
  auditIDs: string[];
  tags: string[];
}

export interface Incident {
  id: string;
  identity: string;
  start: string;
  end: string;
  priority: Priority;
  /** Orders incidents of the same priority: more distinct rules and chain stages rank higher. */
  score: number;
  alertCount: number;
  alerts: FoldedAlert[];
  /** The chain stages present, in the order they were first reached. */
  stages: Stage[];
  chain: boolean;
  /** Why the incident ranks where it does, one sentence per reason. */
  reasons: string[];
}

export interface CorrelateOptions {
  /** A quiet gap longer than this starts a new incident for the identity. */
  gapMs?: number;
  /** Audit IDs kept per folded alert. */
  keepAuditIDs?: number;
}

interface Open {
  identity: string;
  startMs: number;
  lastMs: number;
  start: string;
  end: string;
  folded: Map<string, FoldedAlert>;
  count: number;
  firstStageAt: Map<Stage, { ms: number; rule: string }>;
}

function timeMs(a: Alert, fallback: number): number {
  const t = Date.parse(a.time);
  return Number.isNaN(t) ? fallback : t;
}

/** A quiet half hour ends an identity's incident unless told otherwise. */
export const DEFAULT_GAP_MS = 30 * 60_000;

/** Incidents from alerts (in any order), most important first. */
export function correlate(alerts: readonly Alert[], options: CorrelateOptions = {}): Incident[] {
  const gapMs = options.gapMs ?? DEFAULT_GAP_MS;
  const keep = options.keepAuditIDs ?? 5;
  const indexed = alerts.map((a, i) => ({ a, ms: timeMs(a, 0), i }));
  indexed.sort((x, y) => x.ms - y.ms || x.i - y.i);
  const open = new Map<string, Open>();
  const closed: Open[] = [];
  for (const { a, ms } of indexed) {
    let inc = open.get(a.user);
    if (inc && ms - inc.lastMs > gapMs) {
      closed.push(inc);
      inc = undefined;
    }
    if (!inc) {
      inc = { identity: a.user, startMs: ms, lastMs: ms, start: a.time, end: a.time, folded: new Map(), count: 0, firstStageAt: new Map() };
      open.set(a.user, inc);
    }
    inc.lastMs = ms;
    inc.end = a.time;
    inc.count++;
    const key = `${a.rule}\u0000${a.output}`;
    const f = inc.folded.get(key);
    if (f) {
      f.count++;
      f.last = a.time;
      if (f.auditIDs.length < keep) f.auditIDs.push(a.auditID);
    } else inc.folded.set(key, { rule: a.rule, priority: a.priority, output: a.output, count: 1, first: a.time, last: a.time, auditIDs: [a.auditID], tags: a.tags });
    for (const s of stagesOf(a)) if (!inc.firstStageAt.has(s)) inc.firstStageAt.set(s, { ms, rule: a.rule });
  }
  closed.push(...open.values());
  const incidents = closed.map(rank);
  incidents.sort((x, y) => priorityRank(x.priority) - priorityRank(y.priority) || y.score - x.score || x.start.localeCompare(y.start));
  return incidents;
}

/** Whether the stages were reached in attack order: each stage's first alert after the previous one's. */
function orderedChain(first: Map<Stage, { ms: number }>): boolean {
  let prev = -Infinity;
  for (const s of CHAIN) {
    const at = first.get(s);
    if (!at || at.ms < prev) return false;
    prev = at.ms;
  }
  return true;
}

function rank(o: Open): Incident {
  const alerts = [...o.folded.values()].sort((x, y) => priorityRank(x.priority) - priorityRank(y.priority) || y.count - x.count);
  const top = alerts[0];
  let priority = top.priority;
  const reasons = [`most urgent alert: ${top.priority} (${top.rule})`];
  const stages = [...o.firstStageAt.entries()].sort((x, y) => x[1].ms - y[1].ms).map(([s]) => s);
  const chain = orderedChain(o.firstStageAt);
  if (chain) {
    priority = PRIORITIES[Math.max(0, priorityRank(top.priority) - 1)];
    const steps = CHAIN.map((s) => `${s} (${o.firstStageAt.get(s)?.rule})`).join(' → ');
    reasons.push(`attack chain ${steps}: raised to ${priority}, above each of its alerts`);
  } else if (stages.length > 1) {
    reasons.push(`partial attack chain: ${stages.join(', ')}`);
  }
  const rules = new Set(alerts.map((a) => a.rule)).size;
  if (rules > 1) reasons.push(`${rules} different rules fired for ${o.identity}`);
  const folded = o.count - alerts.length;
  if (folded > 0) reasons.push(`${o.count} alerts, ${folded} repeats folded into counts`);
  const score = (PRIORITIES.length - priorityRank(priority)) * 1000 + (chain ? 500 : 0) + stages.length * 100 + Math.min(rules, 50) * 10 + Math.min(o.count, 9);
  return {
    id: createHash('sha256').update(`${o.identity}\u0000${o.start}`).digest('hex').slice(0, 12),
    identity: o.identity,
    start: o.start,
    end: o.end,
    priority,
    score,
    alertCount: o.count,
    alerts,
    stages,
    chain,
    reasons,
  };
}
