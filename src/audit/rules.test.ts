import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NEVER } from './compile.js';
import { Detector } from './engine.js';
import type { AuditEvent } from './event.js';
import { seededRandom } from '../../test/audit/events.js';
import { RuleError, RuleLoader } from './rules.js';

const podCreate: AuditEvent = {
  kind: 'Event',
  stage: 'ResponseComplete',
  verb: 'create',
  auditID: 'a1',
  stageTimestamp: '2026-01-01T00:00:00.123456Z',
  requestURI: '/api/v1/namespaces/shop/pods?dryRun=All&dryRun=x',
  user: { username: 'alice', groups: ['dev', 'system:authenticated'] },
  sourceIPs: ['10.1.2.3'],
  objectRef: { resource: 'pods', namespace: 'shop' },
  responseStatus: { code: 201 },
  requestObject: {
    metadata: { name: 'web' },
    spec: {
      hostPID: true,
      volumes: [{ name: 'h', hostPath: { path: '/var/lib/kubelet/pki' } }],
      containers: [
        { name: 'a', image: 'registry.example.com:5000/team/web:1.2@sha256:abc', securityContext: { privileged: true } },
        { name: 'b', image: 'busybox' },
      ],
    },
  },
};

function rulesOf(...files: string[]) {
  const loader = new RuleLoader();
  files.forEach((text, i) => loader.loadText(text, `f${i + 1}.yaml`));
  return loader.compile();
}

function matches(condition: string, ev: AuditEvent = podCreate, extra = ''): boolean {
  const rs = rulesOf(`${extra}\n- rule: r\n  desc: d\n  condition: ${JSON.stringify(condition)}\n  output: o\n  priority: INFO\n  source: k8s_audit\n`);
  return new Detector(rs).process(ev).length === 1;
}

function loadError(...files: string[]): string {
  try {
    rulesOf(...files);
  } catch (e) {
    assert.ok(e instanceof RuleError, String(e));
    return e.message;
  }
  assert.fail('expected a RuleError');
}

describe('operators', () => {
  const cases: [string, boolean][] = [
    ['ka.verb=create', true],
    ['ka.verb==create', true],
    ['ka.verb!=create', false],
    ['ka.verb = "create"', true],
    ['ka.user.name startswith al', true],
    ['ka.user.name endswith ice', true],
    ['ka.user.name contains lic', true],
    ['ka.user.name icontains LIC', true],
    ['ka.user.name contains LIC', false],
    ['ka.user.name glob "a*e"', true],
    ['ka.user.name glob "a?e"', false],
    ['ka.user.name iglob "A*"', true],
    ['ka.user.name regex "^al+i"', true],
    ['ka.response.code > 200', true],
    ['ka.response.code < 200', false],
    ['ka.response.code >= 201', true],
    ['ka.response.code <= 200', false],
    ['ka.user.name in (bob, alice)', true],
    ['ka.user.name in ("bob")', false],
    ['ka.user.groups in (dev, system:authenticated, other)', true],
    ['ka.user.groups in (dev)', false],
    ['ka.user.groups intersects (dev)', true],
    ['ka.user.groups intersects (ops)', false],
    ['ka.req.pod.volumes.hostpath pmatch (/var/lib/kubelet)', true],
    ['ka.req.pod.volumes.hostpath pmatch (/var/lib/kube)', false],
    ['ka.req.pod.containers.image.repository in (registry.example.com:5000/team/web, busybox)', true],
    ['ka.req.pod.containers.privileged intersects (true)', true],
    ['ka.req.pod.host_pid=true', true],
    ['ka.req.pod.host_network=true', false],
    ['ka.target.subresource exists', false],
    ['not ka.target.subresource exists', true],
    ['ka.target.name=x', false],
    ['not ka.target.name=x', true],
    ['ka.uri.param[dryRun]=All', true],
    ['jevt.value[/requestObject/spec/containers/1/image]=busybox', true],
    ['jevt.value[/requestObject/spec/hostPID]=true', true],
    ['jevt.value[/nope] exists', false],
    ['json.value[/objectRef/namespace]=shop', true],
    ['jevt.rawtime=1767225600123456000', true],
    ['ka.user.name bcontains 6c6963', true],
    ['ka.user.name bstartswith 6c', false],
    ['sk.user.kind=human', true],
    ['(ka.verb=get or ka.verb=create) and not (ka.user.name=bob)', true],
    ['ka.verb=get or ka.verb=create and ka.user.name=bob', false],
    ['not not ka.verb=create', true],
  ];
  for (const [cond, want] of cases) test(`${cond} → ${want}`, () => assert.equal(matches(cond), want));

  test('bare list items expand named lists; quoted ones stay literal', () => {
    const lists = '- list: people\n  items: [bob, alice]\n';
    assert.equal(matches('ka.user.name in (people)', podCreate, lists), true);
    assert.equal(matches('ka.user.name in ("people")', podCreate, lists), false);
  });
});

describe('conditions decided at compile time', () => {
  test('rawtime=0 can never hold; the folding keeps the meaning of not, and, or and !=', () => {
    assert.equal(matches('ka.verb=create and jevt.rawtime=0'), false);
    assert.equal(matches('not jevt.rawtime=0 and ka.verb=create'), true);
    assert.equal(matches('jevt.rawtime=0 or ka.verb=create'), true);
    assert.equal(matches('jevt.rawtime!=0'), true);
    assert.equal(matches('jevt.rawtime!=0', { ...podCreate, stageTimestamp: undefined }), false);
    assert.equal(matches('not (jevt.rawtime=0 or jevt.rawtime=1)'), true);
    const rs = rulesOf('- rule: Never\n  desc: d\n  condition: ka.verb=get and not (not jevt.rawtime=0)\n  output: o\n  priority: INFO\n  source: k8s_audit\n');
    assert.equal(rs.rules[0].match, NEVER);
  });
});

describe('append, override, exceptions, enabled', () => {
  const base = `
- list: allowed
  items: [bob]
- macro: is_create
  condition: ka.verb=create
- rule: Not Allowed
  desc: x
  condition: is_create and not ka.user.name in (allowed)
  output: "%ka.user.name did %ka.verb on %ka.target.resource/%ka.target.name."
  priority: WARNING
  source: k8s_audit
  tags: [a]
`;
  const run = (...more: string[]) => new Detector(rulesOf(base, ...more)).process(podCreate);

  test('base rule fires and renders its output, <NA> for missing fields', () => {
    const alerts = run();
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].output, 'alice did create on pods/<NA>.');
    assert.equal(alerts[0].priority, 'WARNING');
  });
  test('list append (old style and override)', () => {
    assert.equal(run('- list: allowed\n  items: [alice]\n  append: true\n').length, 0);
    assert.equal(run('- list: allowed\n  items: [alice]\n  override:\n    items: append\n').length, 0);
    assert.equal(run('- list: allowed\n  items: [carol]\n').length, 1);
  });
  test('macro replaced and appended', () => {
    assert.equal(run('- macro: is_create\n  condition: ka.verb=delete\n').length, 0);
    assert.equal(run('- macro: is_create\n  condition: and ka.verb=delete\n  append: true\n').length, 0);
  });
  test('rule condition append and override replace', () => {
    assert.equal(run('- rule: Not Allowed\n  condition: and ka.target.namespace=other\n  append: true\n').length, 0);
    assert.equal(run('- rule: Not Allowed\n  condition: ka.verb=delete\n  override:\n    condition: replace\n').length, 0);
    assert.equal(run('- rule: Not Allowed\n  priority: ERROR\n  override:\n    priority: replace\n')[0].priority, 'ERROR');
  });
  test('enabled: false disables, a later enabled: true enables again', () => {
    assert.equal(run('- rule: Not Allowed\n  enabled: false\n').length, 0);
    assert.equal(run('- rule: Not Allowed\n  enabled: false\n', '- rule: Not Allowed\n  enabled: true\n').length, 1);
  });
  test('exceptions: tuples, single field, appended values', () => {
    const ex = '- rule: Not Allowed\n  exceptions:\n    - name: shop_alice\n      fields: [ka.target.namespace, ka.user.name]\n      comps: [=, in]\n      values:\n        - [shop, [alice, carol]]\n  override:\n    exceptions: append\n';
    assert.equal(run(ex).length, 0);
    const other = ex.replace('[shop, [alice, carol]]', '[other, [alice]]');
    assert.equal(run(other).length, 1);
    const single = '- rule: Not Allowed\n  exceptions:\n    - name: users\n      fields: ka.user.name\n      comps: in\n      values: [alice]\n  override:\n    exceptions: append\n';
    assert.equal(run(single).length, 0);
    const defined = '- rule: Not Allowed\n  exceptions:\n    - name: ns\n      fields: [ka.target.namespace]\n  override:\n    exceptions: append\n';
    const values = '- rule: Not Allowed\n  exceptions:\n    - name: ns\n      values: [[shop]]\n  append: true\n';
    assert.equal(run(defined).length, 1);
    assert.equal(run(defined, values).length, 0);
  });
  test('rules of other sources are skipped with a note', () => {
    const rs = rulesOf(base, '- rule: Shell\n  desc: x\n  condition: proc.name=bash\n  output: o\n  priority: INFO\n');
    assert.equal(rs.rules.length, 1);
    assert.match(rs.notes[0], /source syscall/);
  });
});

describe('errors name the file, line and rule', () => {
  const rule = (cond: string) => `# comment\n- rule: Bad One\n  desc: x\n  condition: ${cond}\n  output: o\n  priority: INFO\n  source: k8s_audit\n`;
  test('unknown field', () => assert.equal(loadError(rule('ka.verb=get and ka.nope=1')), 'f1.yaml:4: rule "Bad One": condition: unknown field ka.nope (at column 17 of the condition)'));
  test('syntax', () => assert.match(loadError(rule('ka.verb=get and (ka.verb=x')), /^f1\.yaml:4: rule "Bad One": condition: expected \) /));
  test('dangling operator', () => assert.match(loadError(rule('ka.verb in')), /^f1\.yaml:4: .*expected \( to start a list/));
  test('undefined macro', () => assert.match(loadError(rule('kevt')), /^f1\.yaml:4: rule "Bad One": condition: undefined macro kevt/));
  test('error inside a macro names the macro and its user', () =>
    assert.match(loadError('- macro: m\n  condition: ka.bogus exists\n', rule('m')), /^f1\.yaml:1: macro "m": condition: unknown field ka\.bogus.*\(used by rule "Bad One"\)$/));
  test('recursive macro', () => assert.match(loadError('- macro: m\n  condition: m\n', rule('m')), /refers to itself/));
  test('bad priority', () => assert.match(loadError(rule('ka.verb=get').replace('INFO', 'LOUD')), /^f1\.yaml:2: rule "Bad One": unknown priority "LOUD"/));
  test('unknown output field', () => assert.match(loadError(rule('ka.verb=get').replace('output: o', 'output: "%ka.nothing"')), /output: unknown field ka\.nothing/));
  test('append to a missing rule', () => assert.match(loadError('- rule: Ghost\n  condition: x\n  append: true\n'), /^f1\.yaml:1: rule "Ghost" modifies a rule that is not defined/));
  test('YAML errors', () => assert.match(loadError('- rule: [unclosed\n'), /^f1\.yaml:\d+: YAML: /));
  test('not a list', () => assert.match(loadError('rule: x\n'), /^f1\.yaml:1: a rules file is a YAML list/));
  test('missing field argument and bad pointer', () => {
    assert.match(loadError(rule('ka.uri.param exists')), /needs an argument/);
    assert.match(loadError(rule('jevt.value[stage] exists')), /JSON pointer/);
  });
  test('fuzzed conditions never throw anything but RuleError', () => {
    const alphabet = ['ka.verb', '=', 'and', 'or', 'not', '(', ')', ' ', '"', 'in', ',', 'x', 'exists', '[', ']', 'jevt.value[/a]', '\\'];
    const rand = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const cond = Array.from({ length: 1 + rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
      try {
        rulesOf(rule(JSON.stringify(cond)));
      } catch (e) {
        assert.ok(e instanceof RuleError, `${cond}: ${String(e)}`);
        assert.ok(!e.message.includes('\n'));
      }
    }
  });
});
