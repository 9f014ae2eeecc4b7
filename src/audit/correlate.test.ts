import assert from 'node:assert/strict';
import { test } from 'node:test';
import { correlate } from './correlate.js';
import type { Alert } from './engine.js';
import { priorityRank, type Priority } from './rules.js';

function alert(user: string, rule: string, priority: Priority, time: string, tags: string[], output = `${rule} by ${user}`): Alert {
  return { rule, priority, time, output, auditID: `${rule}-${time}`, tags: ['k8s', ...tags], source: 'k8s_audit', user };
}

const recon = (u: string, t: string) => alert(u, 'Burst of Forbidden Requests', 'WARNING', t, ['mitre_discovery', 'T1613']);
const priv = (u: string, t: string) => alert(u, 'Attach to cluster-admin Role', 'WARNING', t, ['mitre_privilege_escalation', 'T1098']);
const creds = (u: string, t: string) => alert(u, 'K8s Secret Get Successfully', 'ERROR', t, ['mitre_credential_access', 'T1552.007']);
const info = (u: string, t: string) => alert(u, 'K8s ConfigMap Created', 'INFORMATIONAL', t, ['activity'], 'ConfigMap created (user=x configmap=a)');

test('recon → privilege → credentials for one identity is one incident ranked above each of its alerts', () => {
  const alerts = [creds('eve', '2026-01-01T10:20:00Z'), recon('eve', '2026-01-01T10:00:00Z'), priv('eve', '2026-01-01T10:10:00Z'), info('bob', '2026-01-01T10:05:00Z')];
  const incidents = correlate(alerts);
  assert.equal(incidents.length, 2);
  const [top, other] = incidents;
  assert.equal(top.identity, 'eve');
  assert.equal(top.chain, true);
  assert.deepEqual(top.stages, ['reconnaissance', 'privilege', 'credentials-or-exfiltration']);
  assert.equal(top.priority, 'CRITICAL');
  for (const a of top.alerts) assert.ok(priorityRank(top.priority) < priorityRank(a.priority), a.rule);
  assert.ok(top.reasons.some((r) => r.startsWith('attack chain reconnaissance (Burst of Forbidden Requests) → privilege (Attach to cluster-admin Role) → credentials-or-exfiltration (K8s Secret Get Successfully)')));
  assert.equal(other.identity, 'bob');
  assert.equal(other.chain, false);
});

test('the same stages out of order are not a chain', () => {
  const [inc] = correlate([creds('eve', '2026-01-01T10:00:00Z'), priv('eve', '2026-01-01T10:10:00Z'), recon('eve', '2026-01-01T10:20:00Z')]);
  assert.equal(inc.chain, false);
  assert.equal(inc.priority, 'ERROR');
  assert.ok(inc.reasons.some((r) => r.startsWith('partial attack chain')));
});

test('a chain split by a long quiet gap is two incidents', () => {
  const incidents = correlate([recon('eve', '2026-01-01T10:00:00Z'), priv('eve', '2026-01-01T10:10:00Z'), creds('eve', '2026-01-01T18:00:00Z')]);
  assert.equal(incidents.length, 2);
  assert.ok(incidents.every((i) => !i.chain));
});

test('identical alerts fold with a count; different identities never share an incident', () => {
  const alerts = Array.from({ length: 5 }, (_, i) => info('bob', `2026-01-01T10:0${i}:00Z`));
  alerts.push(info('carol', '2026-01-01T10:00:30Z'));
  const incidents = correlate(alerts);
  assert.equal(incidents.length, 2);
  const bob = incidents.find((i) => i.identity === 'bob');
  assert.equal(bob?.alerts.length, 1);
  assert.equal(bob?.alerts[0].count, 5);
  assert.equal(bob?.alertCount, 5);
  assert.equal(bob?.alerts[0].first, '2026-01-01T10:00:00Z');
  assert.equal(bob?.alerts[0].last, '2026-01-01T10:04:00Z');
  assert.ok(bob?.reasons.includes('5 alerts, 4 repeats folded into counts'));
});

test('incidents are ordered by priority then score; ids are stable', () => {
  const alerts = [info('a', '2026-01-01T10:00:00Z'), creds('b', '2026-01-01T10:00:00Z'), priv('c', '2026-01-01T10:00:00Z')];
  const first = correlate(alerts);
  assert.deepEqual(first.map((i) => i.identity), ['b', 'c', 'a']);
  assert.deepEqual(correlate([...alerts].reverse()).map((i) => i.id), first.map((i) => i.id));
});
