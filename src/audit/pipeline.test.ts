import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Detector } from './engine.js';
import type { AuditEvent } from './event.js';
import { AlertPipeline, type PipelineOptions } from './pipeline.js';
import { RuleLoader } from './rules.js';

const rules = `
- rule: Loud
  desc: d
  condition: ka.verb=delete
  output: deleted %ka.target.resource/%ka.target.name by %ka.user.name
  priority: ERROR
  source: k8s_audit
  tags: [mitre_impact]
- rule: Quiet
  desc: d
  condition: ka.verb=get
  output: read %ka.target.name
  priority: INFO
  source: k8s_audit
`;

const ev = (verb: string, name: string, user = 'alice', at = '2026-01-01T10:00:00Z'): AuditEvent => ({
  kind: 'Event',
  stage: 'ResponseComplete',
  verb,
  auditID: `${verb}-${name}`,
  stageTimestamp: at,
  user: { username: user },
  objectRef: { resource: 'secrets', name },
});

function run(options: Partial<PipelineOptions>, events: AuditEvent[]) {
  let out = '';
  const pipeline = new AlertPipeline(new Detector(new RuleLoader().loadText(rules, 'r.yaml').compile()), { format: 'table', incidents: false, write: (t) => (out += t), ...options });
  for (const e of events) pipeline.onEvent(e);
  return { pipeline, output: () => out };
}

test('table: a header, then one row per alert with time, priority, rule and output', async () => {
  const { pipeline, output } = run({}, [ev('delete', 'db'), ev('list', 'x'), ev('get', 'cfg')]);
  await pipeline.finish();
  const lines = output().trimEnd().split('\n');
  assert.match(lines[0], /^TIME +PRIORITY +RULE +OUTPUT$/);
  assert.match(lines[1], /^2026-01-01T10:00:00Z +ERROR +Loud +deleted secrets\/db by alice$/);
  assert.match(lines[2], /^2026-01-01T10:00:00Z +INFORMATIONAL +Quiet +read cfg$/);
  assert.equal(lines.length, 3);
  assert.equal(pipeline.events, 3);
  assert.equal(pipeline.alerts, 2);
});

test('json lines with --min-priority dropping less urgent alerts', async () => {
  const { pipeline, output } = run({ format: 'json', minPriority: 'WARNING' }, [ev('delete', 'db'), ev('get', 'cfg')]);
  await pipeline.finish();
  const alerts = output().trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(alerts.map((a) => [a.rule, a.priority, a.auditID, a.time]), [['Loud', 'ERROR', 'delete-db', '2026-01-01T10:00:00Z']]);
});

test('incident mode writes incidents at the end, or early once too many alerts are held', async () => {
  const events = Array.from({ length: 5 }, (_, i) => ev('delete', 'db', 'alice', `2026-01-01T10:00:0${i}Z`));
  const atEnd = run({ format: 'json', incidents: true }, events);
  assert.equal(atEnd.output(), '');
  const incidents = await atEnd.pipeline.finish();
  assert.equal(incidents.length, 1);
  assert.equal(incidents[0].alerts[0].count, 5);
  const early = run({ format: 'json', incidents: true, maxBufferedAlerts: 2 }, events);
  assert.equal(early.output().trim().split('\n').length, 2);
  await early.pipeline.finish();
  const written = early.output().trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(written.map((i) => i.alertCount), [2, 2, 1]);
});

test('incident table explains the rank and folds repeats', async () => {
  const { pipeline, output } = run({ incidents: true }, [ev('delete', 'db'), ev('delete', 'db'), ev('get', 'x')]);
  await pipeline.finish();
  const text = output();
  assert.match(text, /^\[ERROR\] incident [0-9a-f]{12} {2}alice {2}2026-01-01T10:00:00Z → 2026-01-01T10:00:00Z {2}3 alert\(s\)$/m);
  assert.match(text, /^ {4}why: most urgent alert: ERROR \(Loud\)$/m);
  assert.match(text, /^ {4}2× ERROR +Loud: deleted secrets\/db by alice$/m);
});

test('live incident mode writes an identity\'s incident once the stream has moved past its quiet gap', async () => {
  const { pipeline, output } = run({ format: 'json', incidents: true, live: true, correlation: { gapMs: 60_000 } }, [
    ev('delete', 'a', 'alice', '2026-01-01T10:00:00Z'),
    ev('delete', 'b', 'bob', '2026-01-01T10:00:30Z'),
  ]);
  await pipeline.settle();
  assert.equal(output(), '');
  pipeline.onEvent(ev('delete', 'c', 'bob', '2026-01-01T10:01:30Z'));
  await pipeline.settle();
  const first = output().trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(first.map((i) => [i.identity, i.alertCount]), [['alice', 1]]);
  await pipeline.finish();
  const all = output().trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(all.map((i) => [i.identity, i.alertCount]), [['alice', 1], ['bob', 2]]);
});
