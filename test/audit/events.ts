import type { AuditEvent } from '../../src/audit/event.js';

let counter = 0;

/** A realistic audit.k8s.io/v1 event for tests; fields given override the defaults. */
export function auditEvent(over: Partial<AuditEvent> & { code?: number; at?: string } = {}): AuditEvent {
  const { code, at, ...rest } = over;
  counter++;
  const time = at ?? '2026-03-01T10:00:00.000000Z';
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `00000000-0000-0000-0000-${String(counter).padStart(12, '0')}`,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods',
    verb: 'list',
    user: { username: 'alice@example.com', groups: ['developers', 'system:authenticated'] },
    sourceIPs: ['10.0.0.5'],
    userAgent: 'kubectl/v1.30.0',
    objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
    responseStatus: { code: code ?? 200 },
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
    ...rest,
  } as AuditEvent;
}

/** An exec request as the API server logs it when the stream is upgraded. */
export function execEvent(command: string[], over: Partial<AuditEvent> & { at?: string } = {}): AuditEvent {
  const query = command.map((c) => `command=${encodeURIComponent(c)}`).join('&');
  return auditEvent({
    stage: 'ResponseStarted',
    verb: 'create',
    requestURI: `/api/v1/namespaces/shop/pods/web-1/exec?${query}&container=web&stdin=true&stdout=true&tty=true`,
    objectRef: { resource: 'pods', namespace: 'shop', name: 'web-1', subresource: 'exec', apiVersion: 'v1' },
    code: 101,
    ...over,
  });
}

/** A seeded generator of integers in [0, n) (mulberry32: the low bits of a plain LCG cycle too fast). */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}
