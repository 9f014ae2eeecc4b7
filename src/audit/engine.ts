import { type AuditEvent, actingUser, eventTimeText } from './event.js';
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
  return {
    time: eventTimeText(ev) ?? '',
    auditID: ev.auditID ?? '',
    user: actingUser(ev),
    sourceIP: ev.sourceIPs?.[0],
    verb: ev.verb,
    resource: ref?.resource === undefined ? undefined : ref.subresource ? `${ref.resource}/${ref.subresource}` : ref.resource,
    namespace: ref?.namespace,
    name: ref?.name,
  };
}

/** Runs the enabled rules of a rule set, then the stateful detectors, over each event. */
export class Detector {
  private readonly rules: CompiledRule[];

  constructor(
    ruleSet: RuleSet,
    private readonly stateful: StatefulDetector[] = [],
  ) {
    this.rules = ruleSet.rules.filter((r) => r.enabled);
  }

  get ruleCount(): number {
    return this.rules.length + this.stateful.length;
  }

  process(ev: AuditEvent): Alert[] {
    let alerts: Alert[] | undefined;
    for (const rule of this.rules) {
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

const NONE: Alert[] = [];
