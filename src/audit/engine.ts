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

/** Distinct (stage, verb, resource) combinations remembered; beyond this the index starts over. */
const MAX_INDEX_KEYS = 4096;

/**
 * Runs the enabled rules of a rule set, then the stateful detectors, over each event. Rules are
 * indexed by the stage, verb and resource they can match (see `constraintsOf`), so an event is
 * only tested against the rules that could fire on it, in rule-file order.
 */
export class Detector {
  private readonly rules: CompiledRule[];
  private readonly candidates = new Map<string, Map<string, Map<string, CompiledRule[]>>>();
  private indexKeys = 0;

  constructor(
    ruleSet: RuleSet,
    private readonly stateful: StatefulDetector[] = [],
  ) {
    this.rules = ruleSet.rules.filter((r) => r.enabled);
  }

  private rulesFor(stage: string, verb: string, resource: string): CompiledRule[] {
    const list = this.candidates.get(stage)?.get(verb)?.get(resource);
    if (list) return list;
    if (++this.indexKeys > MAX_INDEX_KEYS) {
      this.candidates.clear();
      this.indexKeys = 1;
    }
    const found = this.rules.filter((r) => {
      const c = r.constraints;
      return (!c.stage || c.stage.has(stage)) && (!c.verb || c.verb.has(verb)) && (!c.resource || c.resource.has(resource));
    });
    let byVerb = this.candidates.get(stage);
    if (!byVerb) this.candidates.set(stage, (byVerb = new Map()));
    let byResource = byVerb.get(verb);
    if (!byResource) byVerb.set(verb, (byResource = new Map()));
    byResource.set(resource, found);
    return found;
  }

  get ruleCount(): number {
    return this.rules.length + this.stateful.length;
  }

  process(ev: AuditEvent): Alert[] {
    let alerts: Alert[] | undefined;
    // A value that is not a string can never equal a rule's literal: index it as absent.
    const stage = typeof ev.stage === 'string' ? ev.stage : '';
    const verb = typeof ev.verb === 'string' ? ev.verb : '';
    const resource = typeof ev.objectRef?.resource === 'string' ? ev.objectRef.resource : '';
    for (const rule of this.rulesFor(stage, verb, resource)) {
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
