import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadPaths } from '../../src/load/index.js';
import { buildRbacModel, parseWhoCanQuery, whoCan, type WhoCanQuery } from '../../src/rbac/index.js';
import { corpusPath } from '../corpus.js';

/**
 * alcideio/rbac-tool who-can fixtures: each states the command (`who-can <verb> <target> |
 * grep <pattern>`) and the subjects it must print. rbac-tool takes `<resource>/<name>`, so a
 * slash target is a resource name here.
 */
interface Fixture {
  file: string;
  runs: { verb: string; target: string; grep?: string }[];
  expected: string[];
}

function readFixture(file: string): Fixture {
  const lines = readFileSync(file, 'utf8').split('\n');
  const runs: Fixture['runs'] = [];
  const expected: string[] = [];
  let section = '';
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (!line.startsWith('#')) break;
    const text = line.replace(/^#\s*/, '').trim();
    if (/^(Install|Run|Expect):$/.test(text)) {
      section = text;
      continue;
    }
    const run = /^bin\/rbac-tool who-can (\S+) (\S+)(?:\s*\|\s*grep (\S+))?/.exec(text);
    if (section === 'Run:' && run) runs.push({ verb: run[1]!, target: run[2]!, ...(run[3] ? { grep: run[3] } : {}) });
    if (section === 'Expect:' && text.includes('|') && !text.startsWith('TYPE') && !text.startsWith('+')) {
      const [kind, name, namespace] = text.split('|').map((c) => c.trim());
      expected.push(kind === 'ServiceAccount' ? `${kind} ${namespace}/${name}` : `${kind} ${name}`);
    }
  }
  return { file, runs, expected: expected.sort() };
}

function toQuery(verb: string, target: string): WhoCanQuery {
  if (target.startsWith('/')) return parseWhoCanQuery(verb, target);
  const [resource, name] = target.split('/');
  return parseWhoCanQuery(verb, resource!, name ? { name } : {});
}

async function subjectsFor(paths: string[], verb: string, target: string, grep?: string): Promise<string[]> {
  const loaded = await loadPaths(paths);
  assert.deepEqual(loaded.errors, []);
  const model = buildRbacModel(loaded.inventory);
  return whoCan(model, toQuery(verb, target))
    .map(({ subject: s }) => (s.kind === 'ServiceAccount' ? `${s.kind} ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`))
    .filter((line) => grep === undefined || line.includes(grep))
    .sort();
}

/**
 * Where the fixture's expectation contradicts the Kubernetes authorizer, the difference is
 * stated here with the reason, and asserted: these are the bugs we must not copy.
 */
const KUBERNETES_DIFFERS: Record<string, { missing: string[]; reason: string }> = {
  // rbac.go consults RoleBindings only for namespaced requests; a non-resource request has no
  // namespace, so nonResourceURLs granted through a RoleBinding grant nothing.
  'nonresourceurl-reader.yaml': { missing: ['User test-nonresourceurl-reader'], reason: 'RoleBinding cannot grant nonResourceURLs' },
  // The ClusterRole grants create/update/delete/patch on gateway.networking.k8s.io: no `get`.
  'gatewat-api-operator.yaml': {
    missing: ['ServiceAccount test/gateway-network-operator-sa', 'User gateway-network-operator-user'],
    reason: 'the role has no get verb',
  },
};

describe('rbac-tool who-can fixtures', () => {
  const dir = corpusPath('rbac', 'rbac-tool', 'testdata', 'whocan');
  const bootstrap = corpusPath('rbac', 'k8s-bootstrap-policy');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  it('finds all seven fixtures, each with a command and an expectation', () => {
    assert.equal(files.length, 7);
    for (const f of files) {
      const fixture = readFixture(join(dir, f));
      assert.ok(fixture.runs.length > 0 && fixture.expected.length > 0, f);
    }
  });
  for (const f of files) {
    const fixture = readFixture(join(dir, f));
    const differs = KUBERNETES_DIFFERS[f];
    const expected = fixture.expected.filter((s) => !differs?.missing.includes(s));
    for (const run of fixture.runs) {
      const title = `${f}: who-can ${run.verb} ${run.target}${run.grep ? ` | grep ${run.grep}` : ''}${differs ? ` (differs: ${differs.reason})` : ''}`;
      it(title, async () => {
        assert.deepEqual(await subjectsFor([join(dir, f)], run.verb, run.target, run.grep), expected);
      });
      it(`${title}, with the default cluster policy loaded`, async () => {
        assert.deepEqual(await subjectsFor([join(dir, f), bootstrap], run.verb, run.target, run.grep), expected);
      });
    }
  }
  it('the fixed nonresourceurl-reader (a ClusterRoleBinding) gives exactly the subjects rbac-tool expects', async () => {
    const { loadText } = await import('../../src/load/index.js');
    const text = readFileSync(join(dir, 'nonresourceurl-reader.yaml'), 'utf8').replace('kind: RoleBinding', 'kind: ClusterRoleBinding');
    const loaded = loadText(text);
    const model = buildRbacModel(loaded.inventory);
    const subjects = whoCan(model, parseWhoCanQuery('get', '/test-reader')).map((a) => `${a.subject.kind} ${a.subject.name}`);
    assert.deepEqual(subjects.sort(), readFixture(join(dir, 'nonresourceurl-reader.yaml')).expected);
  });
});
