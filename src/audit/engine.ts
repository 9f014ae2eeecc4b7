import { type AuditEvent, actingUser, eventTimeText, sourceIp, textOf } from './event.js';
import { NEVER } from './compile.js';
import { RuleIndex } from './rule-index.js';
import type { CompiledRule, Priority, RuleSet } from './rules.js';

/** One detection: a rule matched an event. */
export interface Alert {
  rule: string;
  priority: Priority;
  /** Event time as logged (RFC 3339). */
  time: string;
  output: string;
  auditID: string;
  tags: string[];
  /** `k8s_audit` for rules of the language, `stockade` for the built-in stateful detections. */
  source: string;
  /** The acting identity (the impersonated user when there is one). */
  user: string;
  sourceIP?: string;
  verb?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

/** A detection that needs memory across events (bursts, first sightings); fed every event in order. */
export interface StatefulDetector {
  readonly name: string;
  observe(ev: AuditEvent): Alert[];
}

export function alertBase(ev: AuditEvent): Omit<Alert, 'rule' | 'priority' | 'output' | 'tags' | 'source'> {
  const ref = ev.objectRef;
  const resource = textOf(ref?.resource);
  const subresource = textOf(ref?.subresource);
  return {
    time: eventTimeText(ev) ?? '',
    auditID: textOf(ev.auditID) ?? '',
    user: actingUser(ev),
    sourceIP: sourceIp(ev),
    verb: textOf(ev.verb),
    resource: resource === undefined ? undefined : subresource ? `${resource}/${subresource}` : resource,
    namespace: textOf(ref?.namespace),
    name: textOf(ref?.name),
  };
}

/**
 * Runs the enabled rules of one or more rule sets, then the stateful detectors, over each event.
 * Several sets run side by side independently (each keeps its own lists, macros and rule names),
 * behind one index. Rules are indexed by what their conditions require (see rule-index.ts), so an
 * event is only tested against the rules that could fire on it, in rule-file order.
 */
export class Detector {
  private readonly rules: CompiledRule[];
  private readonly index: RuleIndex<CompiledRule>;

  constructor(
    ruleSets: RuleSet | readonly RuleSet[],
    private readonly stateful: StatefulDetector[] = [],
  ) {
    const sets = Array.isArray(ruleSets) ? (ruleSets as readonly RuleSet[]) : [ruleSets as RuleSet];
    // A rule whose condition folded to false at compile time can never fire: it is not tried.
    this.rules = sets.flatMap((set) => set.rules.filter((r) => r.enabled && r.match !== NEVER));
    this.index = new RuleIndex(this.rules);
  }

  get ruleCount(): number {
    return this.rules.length + this.stateful.length;
  }

  process(ev: AuditEvent): readonly Alert[] {
    let alerts: Alert[] | undefined;
    for (const rule of this.index.rulesFor(ev)) {
      if (!rule.match(ev)) continue;
      (alerts ??= []).push({
        rule: rule.name,
        priority: rule.priority,
        ...alertBase(ev),
        output: rule.output(ev),
        tags: rule.tags,
        source: rule.source,
      });
    }
    for (const d of this.stateful) {
      const found = d.observe(ev);
      if (found.length > 0) (alerts ??= []).push(...found);
    }
    return alerts ?? NONE;
  }
}

const NONE: readonly Alert[] = Object.freeze([]);
