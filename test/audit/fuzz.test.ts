// Malformed but JSON-valid audit events (fields of the wrong type, nulls, huge nesting) must never
// make a rule, a field or a stateful detection throw: they are data from outside.
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '../corpus.js';
import { buildDetector } from '../../src/audit/default-rules.js';
import { correlate } from '../../src/audit/correlate.js';
import { Detector } from '../../src/audit/engine.js';
import type { AuditEvent } from '../../src/audit/event.js';
import { grantsFor, observedRequests, rbacObjects } from '../../src/audit/rbac-advise.js';
import { readAuditStream } from '../../src/audit/reader.js';
import { loadRuleFiles } from '../../src/audit/rules.js';
import { auditEvent, execEvent, seededRandom } from './events.js';

const rand = seededRandom(1234);
const WEIRD: unknown[] = [null, 0, 7, -1, true, false, '', 'system:', 'x'.repeat(300), [], [1, 'a', null], {}, { a: { b: [] } }, '\u0000|', 1e308];

/** Replaces a random value somewhere in the object with something of another type. */
function mutate(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6 || rand(4) === 0) return WEIRD[rand(WEIRD.length)];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return WEIRD[rand(WEIRD.length)];
  const k = keys[rand(keys.length)];
  (copy as Record<string, unknown>)[k] = mutate((copy as Record<string, unknown>)[k], depth + 1);
  return copy;
}

test('mutated events never make detection, advice or correlation throw', async () => {
  const seeds: AuditEvent[] = [auditEvent(), execEvent(['sh', '-c', 'curl x | base64']), auditEvent({ impersonatedUser: { username: 'a', groups: ['system:masters'] } })];
  for (const f of readFileSync(corpusPath('falco-k8saudit', 'EXPECTED.tsv'), 'utf8').split('\n').slice(1).map((l) => l.split('\t')[1]).filter(Boolean)) {
    await readAuditStream(createReadStream(corpusPath('falco-k8saudit', f)), f, (e) => seeds.push(e), () => undefined);
  }
  assert.ok(seeds.length > 40);
  const { detector } = buildDetector([]);
  const mutated: AuditEvent[] = [];
  const falco = new Detector(loadRuleFiles([corpusPath('falco-k8saudit', 'rules', 'k8s_audit_rules.yaml')]));
  for (let i = 0; i < 6000; i++) {
    let ev = seeds[rand(seeds.length)] as unknown;
    for (let m = 1 + rand(3); m > 0; m--) ev = mutate(ev);
    if (ev === null || typeof ev !== 'object' || Array.isArray(ev)) continue;
    const candidate = { ...(ev as object), kind: 'Event' } as AuditEvent;
    mutated.push(candidate);
    try {
      for (const a of [...detector.process(candidate), ...falco.process(candidate)]) assert.equal(typeof a.output, 'string');
    } catch (e) {
      assert.fail(`${(e as Error).stack}\n${JSON.stringify(candidate).slice(0, 2000)}`);
    }
  }
  // The same events through the least-privilege advice and incident grouping.
  for (const identity of [{ kind: 'User', name: 'alice@example.com' } as const, { kind: 'User', name: 'minikube-user' } as const]) {
    assert.ok(Array.isArray(rbacObjects(grantsFor(mutated, identity), identity)));
    assert.ok(Array.isArray(observedRequests(mutated, identity).requests));
  }
  const alerts = mutated.flatMap((ev) => [...detector.process(ev)]);
  assert.ok(Array.isArray(correlate(alerts)));
});
