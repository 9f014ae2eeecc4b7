import { type AuditEvent, actingUser, eventTimeMs, sourceIp, textOf } from './event.js';
import { type Alert, alertBase, type StatefulDetector } from './engine.js';
import { identityKind } from './fields.js';

/**
 * Detections that need memory across events, beside the rule language: bursts of refused
 * requests from one identity (reconnaissance by trial and error) and access from a source address
 * never seen before for that identity (stolen credentials used elsewhere). Time is the events'
 * own time, so replaying a log gives the same alerts as watching it live. Memory is bounded.
 */

const MAX_IDENTITIES = 50_000;
const NONE: Alert[] = [];

function touch<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
}

export interface ForbiddenBurstOptions {
  /** Refusals from one identity within the window that make a burst. */
  threshold?: number;
  windowMs?: number;
}

export const FORBIDDEN_BURST_RULE = 'Burst of Forbidden Requests';

export class ForbiddenBurstDetector implements StatefulDetector {
  readonly name = FORBIDDEN_BURST_RULE;
  private readonly threshold: number;
  private readonly windowMs: number;
  private readonly recent = new Map<string, { times: number[]; alertedUntil: number }>();

  constructor(options: ForbiddenBurstOptions = {}) {
    this.threshold = options.threshold ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
  }

  observe(ev: AuditEvent): Alert[] {
    if (ev.stage !== 'ResponseComplete' || ev.responseStatus?.code !== 403) return NONE;
    const t = eventTimeMs(ev);
    if (Number.isNaN(t)) return NONE;
    const user = actingUser(ev);
    const state = this.recent.get(user) ?? { times: [], alertedUntil: -Infinity };
    state.times.push(t);
    while (state.times.length > 0 && state.times[0] <= t - this.windowMs) state.times.shift();
    if (state.times.length > this.threshold) state.times.shift();
    touch(this.recent, user, state, MAX_IDENTITIES);
    if (state.times.length < this.threshold || t < state.alertedUntil) return NONE;
    // One alert per burst: quiet until a full window has passed.
    state.alertedUntil = t + this.windowMs;
    const seconds = Math.round((t - state.times[0]) / 1000);
    return [
      {
        rule: this.name,
        priority: 'WARNING',
        ...alertBase(ev),
        output: `${state.times.length} forbidden requests within ${seconds}s from one identity (user=${user} last_uri=${textOf(ev.requestURI) ?? ''} src=${sourceIp(ev) ?? ''})`,
        tags: ['k8s', 'mitre_discovery', 'T1613'],
        source: 'stockade',
      },
    ];
  }
}

export const NEW_SOURCE_IP_RULE = 'Access From New Source IP';

export interface NewSourceIpOptions {
  /** Addresses remembered per identity; the oldest is forgotten beyond this. */
  maxAddresses?: number;
  /** Identity kinds watched; pods' service accounts move between addresses as pods restart. */
  kinds?: ReadonlySet<string>;
}

export class NewSourceIpDetector implements StatefulDetector {
  readonly name = NEW_SOURCE_IP_RULE;
  private readonly seen = new Map<string, Set<string>>();
  private readonly maxAddresses: number;
  private readonly kinds: ReadonlySet<string>;
  private readonly peopleOnly: boolean;

  constructor(options: NewSourceIpOptions = {}) {
    this.maxAddresses = options.maxAddresses ?? 64;
    this.kinds = options.kinds ?? new Set(['human']);
    this.peopleOnly = this.kinds.size === 1 && this.kinds.has('human');
  }

  observe(ev: AuditEvent): Alert[] {
    if (ev.stage !== 'ResponseComplete' && ev.stage !== 'ResponseStarted') return NONE;
    const user = actingUser(ev);
    // Most traffic is controllers and nodes (system: names): when only people are watched, done.
    if (this.peopleOnly && user.startsWith('system:')) return NONE;
    if (!this.kinds.has(identityKind(user))) return NONE;
    const ip = sourceIp(ev);
    if (!ip) return NONE;
    const known = this.seen.get(user);
    if (!known) {
      touch(this.seen, user, new Set([ip]), MAX_IDENTITIES);
      return NONE;
    }
    if (known.has(ip)) return NONE;
    const previous = [...known];
    known.add(ip);
    if (known.size > this.maxAddresses) known.delete(known.values().next().value as string);
    return [
      {
        rule: this.name,
        priority: 'NOTICE',
        ...alertBase(ev),
        output: `Identity seen from a new source address (user=${user} src=${ip} known=${previous.slice(-5).join(',')} verb=${textOf(ev.verb) ?? ''} uri=${textOf(ev.requestURI) ?? ''})`,
        tags: ['k8s', 'mitre_initial_access', 'T1078'],
        source: 'stockade',
      },
    ];
  }
}

export function defaultStatefulDetectors(): StatefulDetector[] {
  return [new ForbiddenBurstDetector(), new NewSourceIpDetector()];
}
