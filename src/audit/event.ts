/**
 * Kubernetes audit events (audit.k8s.io/v1 and v1beta1) as the API server writes them: one JSON
 * object per line in a log file, or `EventList` bodies from the audit webhook backend.
 * Events are kept as the parsed JSON so that `jevt.value[...]` pointers see exactly what was logged.
 */

export interface AuditUser {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  subresource?: string;
}

export interface AuditEvent {
  kind: 'Event';
  apiVersion?: string;
  level?: string;
  auditID?: string;
  stage?: string;
  requestURI?: string;
  verb?: string;
  user?: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus?: { code?: number; status?: string; reason?: string; message?: string };
  requestObject?: Record<string, unknown>;
  responseObject?: Record<string, unknown>;
  requestReceivedTimestamp?: string;
  stageTimestamp?: string;
  timestamp?: string;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** Why a JSON value is not an audit event, or undefined when it is one. */
export function notAnEventReason(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'data not recognized as a k8s audit event (not a JSON object)';
  const v = value as Record<string, unknown>;
  if (v.kind !== 'Event') return `data not recognized as a k8s audit event (kind ${JSON.stringify(v.kind ?? null)})`;
  if (v.apiVersion !== undefined && v.apiVersion !== 'audit.k8s.io/v1' && v.apiVersion !== 'audit.k8s.io/v1beta1') {
    return `data not recognized as a k8s audit event (apiVersion ${JSON.stringify(v.apiVersion)})`;
  }
  if (typeof v.verb !== 'string' || typeof v.stage !== 'string') return 'data not recognized as a k8s audit event (no verb or stage)';
  return undefined;
}

/** A value of the event that should be a string, or undefined: logs are outside data and may hold anything. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The identity that acted: the impersonated user when there is one, else the authenticated user. */
export function actingUser(ev: AuditEvent): string {
  return textOf(ev.impersonatedUser?.username) ?? textOf(ev.user?.username) ?? '';
}

/** The event's first source address, when it has one. */
export function sourceIp(ev: AuditEvent): string | undefined {
  return Array.isArray(ev.sourceIPs) ? textOf(ev.sourceIPs[0]) : undefined;
}

/** The event's time string: when the stage was reached, else when the request arrived. */
export function eventTimeText(ev: AuditEvent): string | undefined {
  return textOf(ev.stageTimestamp) ?? textOf(ev.timestamp) ?? textOf(ev.requestReceivedTimestamp);
}

/** Milliseconds since the epoch, or NaN when the event carries no time. */
export function eventTimeMs(ev: AuditEvent): number {
  const text = eventTimeText(ev);
  return text === undefined ? Number.NaN : Date.parse(text);
}

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Whole seconds since the epoch of an RFC 3339 UTC time (`2026-03-01T10:00:00.123456Z`, the form
 * the API server writes), read without Date.parse on the hot path; other forms fall back to it.
 */
function epochSeconds(text: string): number {
  if (text.length >= 20 && text.charCodeAt(4) === 45 && text.charCodeAt(10) === 84 && text.charCodeAt(text.length - 1) === 90) {
    const ms = Date.UTC(digits(text, 0, 4), digits(text, 5, 2) - 1, digits(text, 8, 2), digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2));
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? Number.NaN : Math.floor(ms / 1000);
}

/**
 * Nanoseconds since the epoch as a decimal string (what Falco's `jevt.rawtime` holds). Audit
 * timestamps carry microseconds, more than a double holds once scaled to nanoseconds.
 */
let lastSecondText = '';
let lastSeconds = '';

export function eventRawTime(ev: AuditEvent): string | undefined {
  const text = eventTimeText(ev);
  if (text === undefined) return undefined;
  // Events come in time order, many within the same second: reuse the last conversion, and take
  // the API server's usual six fraction digits as they are.
  if (lastSecondText !== '' && text.length === 27 && end26(text) && text.startsWith(lastSecondText)) {
    return `${lastSeconds}${text.slice(20, 26)}000`;
  }
  const value = epochSeconds(text);
  if (Number.isNaN(value)) return undefined;
  const seconds = String(value);
  let fraction = '';
  if (text.charCodeAt(19) === 46) {
    let end = 20;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    fraction = text.slice(20, end);
  }
  if (text.length === 27 && end26(text)) {
    lastSecondText = text.slice(0, 19);
    lastSeconds = seconds;
  }
  return `${seconds}${(fraction + '000000000').slice(0, 9)}`;
}

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`: the form whose seconds can be reused. */
function end26(text: string): boolean {
  if (text.charCodeAt(19) !== 46 || text.charCodeAt(26) !== 90) return false;
  for (let i = 20; i < 26; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
