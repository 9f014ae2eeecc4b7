// `stockade rbac who-can|can|paths|duties` as a user runs them: in-process through main()
// with output to a file (fast), and once as a child process for the exit code and stderr.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { runCli } from '../cli/run.js';
import { corpusPath, repoRoot } from '../corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-rbac-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
/** Runs `stockade rbac ...` in this process, writing the output to a file; restores the exit code. */
async function rbac(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = join(dir, `out-${++runs}`);
  writeFileSync(output, '');
  const saved = process.exitCode;
  const write = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(['rbac', ...args, '-o', output]);
  } finally {
    process.stderr.write = write;
    process.exitCode = saved;
  }
  return { code, stdout: readFileSync(output, 'utf8'), stderr };
}

function spawnRbac(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli(['rbac', ...args]);
}

const whocan = (name: string) => corpusPath('rbac', 'rbac-tool', 'testdata', 'whocan', name);
const escalation = join(repoRoot, 'test/rbac/fixtures/escalation.yaml');

describe('stockade rbac', () => {
  it('who-can json: subjects with kind, name, namespace only for service accounts, and the chain', async () => {
    const r = await rbac('who-can', 'get', 'secrets', whocan('secret-reader.yaml'), '-f', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { subjects: { kind: string; name: string; namespace?: string; via: Record<string, unknown>[] }[] };
    assert.deepEqual(
      out.subjects.map((s) => Object.keys(s)),
      [['kind', 'name', 'via'], ['kind', 'name', 'namespace', 'via'], ['kind', 'name', 'via']],
    );
    assert.deepEqual(
      out.subjects.map(({ kind, name, namespace }) => `${kind} ${namespace ?? ''} ${name}`),
      ['Group  system:masters', 'ServiceAccount test test-secret-reader-sa', 'User  test-secret-reader'],
    );
    const via = out.subjects[2]!.via[0]!;
    assert.deepEqual([via.binding, via.role, via.scope], [{ kind: 'RoleBinding', name: 'read-secrets', namespace: 'test' }, { kind: 'ClusterRole', name: 'test-secret-reader' }, { namespace: 'test' }]);
  });

  it('who-can -n limits RoleBinding grants to the namespace; --name honours resourceNames', async () => {
    const other = await rbac('who-can', 'get', 'secrets', '-n', 'other', whocan('secret-reader.yaml'), '-f', 'json');
    assert.deepEqual((JSON.parse(other.stdout) as { subjects: { name: string }[] }).subjects.map((s) => s.name), ['system:masters']);
    const named = await rbac('who-can', 'get', 'secrets', '--name', 'some-secret', whocan('specific-resource-reader.yaml'));
    assert.match(named.stdout, /test-specific-secret-reader-sa\s+test\s+RoleBinding test\/read-specific-secrets/);
    const unnamed = await rbac('who-can', 'get', 'secrets', whocan('specific-resource-reader.yaml'));
    assert.doesNotMatch(unnamed.stdout, /test-specific-secret-reader/);
  });

  it("can: the subject's permission table, per namespace", async () => {
    const r = await rbac('can', 'sa:team/operator', escalation);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^SCOPE\s+VERBS/);
    assert.match(r.stdout, /cluster-wide\s+get,list\s+core\s+secrets\s+ClusterRoleBinding operator-secrets → ClusterRole secret-reader/);
  });

  it('can workload:<ns>/<name>: the permissions of the token its pods carry', async () => {
    const r = await rbac('can', 'workload:team/operator', escalation);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Deployment team\/operator runs as ServiceAccount team\/operator \(token mounted\)\nSCOPE/);
    assert.match(r.stdout, /cluster-wide\s+get,list\s+core\s+secrets/);
    assert.equal((await rbac('can', 'workload:team/nothing', escalation)).code, 2);
  });

  it('paths --from: shortest first, each step explained; json has the steps', async () => {
    const r = await rbac('paths', escalation, '--from', 'user:alice', '--to', 'secrets', '-f', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { paths: { target: string; steps: { explanation: string }[] }[] };
    assert.deepEqual(out.paths.map((p) => [p.target, p.steps.length]), [['secrets', 3]]);
    const table = await rbac('paths', escalation, '--from', 'user:alice');
    assert.match(table.stdout, /^1\. User alice → secrets \(3 steps\)\n {3}→ can create pods\/exec in namespace team/);
  });

  it('duties: markdown, json, csv, html; conflicting pairs from the configuration', async () => {
    const manifests = join(dir, 'erin.yaml');
    writeFileSync(
      manifests,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: erin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: erin}
subjects: [{kind: User, name: erin}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: erin}
rules:
- {apiGroups: [apps], resources: [deployments], verbs: [create]}
- {apiGroups: [""], resources: [secrets], verbs: [get]}
`,
    );
    const config = join(dir, 'stockade.yaml');
    writeFileSync(config, 'rbac:\n  conflictingDuties:\n  - {duties: [deploy-workloads, read-secrets], reason: four eyes}\n');
    const md = await rbac('duties', manifests, '-c', config);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Segregation of duties\n/);
    assert.match(md.stdout, /## Conflicting duties\n\n- User erin holds both deploy-workloads and read-secrets \(four eyes\)\n/);
    assert.match(md.stdout, /\| User erin \| ✔ \| ✔ \|/);
    const json = JSON.parse((await rbac('duties', manifests, '-c', config, '-f', 'json')).stdout) as { conflicts: { subject: { name: string }; duties: string[] }[] };
    assert.deepEqual(json.conflicts.map((c) => [c.subject.name, ...c.duties]), [['erin', 'deploy-workloads', 'read-secrets']]);
    const csv = await rbac('duties', escalation, '-f', 'csv');
    assert.match(csv.stdout, /^duty,kind,name,namespace,capabilities,via\n/);
    assert.match(csv.stdout, /\nread-secrets,ServiceAccount,operator,team,get secrets list secrets,"ClusterRoleBinding operator-secrets → ClusterRole secret-reader → rules\[0\]: get,list secrets \(cluster-wide\)"\n/);
    const html = await rbac('duties', escalation, '-f', 'html');
    assert.match(html.stdout, /^<!DOCTYPE html>/);
    assert.match(html.stdout, /<th scope="row">User alice<\/th>/);
  });

  it('bad configuration and subjects are usage errors (exit 2)', async () => {
    const badConfig = join(dir, 'bad.yaml');
    writeFileSync(badConfig, 'rbac:\n  conflictingDuties:\n  - [change-rbac, make-coffee]\n');
    const r = await rbac('duties', escalation, '-c', badConfig);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /rbac\.conflictingDuties\[0\]: unknown duty "make-coffee"/);
    assert.equal((await rbac('can', 'alice', escalation)).code, 2);
    assert.equal((await rbac('who-can', 'get', 'pods/exec/x', escalation)).code, 2);
  });

  it('as a process: an unreadable path is reported on one line with exit code 2, the rest still answered', async () => {
    const r = await spawnRbac(['who-can', 'get', 'secrets', join(dir, 'nope.yaml'), whocan('secret-reader.yaml')]);
    assert.equal(r.code, 2);
    assert.deepEqual(r.stderr.trim().split('\n'), [`stockade: ${join(dir, 'nope.yaml')}: no such file or directory`]);
    assert.match(r.stdout, /test-secret-reader-sa/);
  });
});
