import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../cli/run.js';
import { corpusPath } from '../corpus.js';

/** `stockade netpol ...` as a user runs it: output, exit codes, and one-line errors on bad input. */
const tests = corpusPath('netpol-analyzer', 'tests');
const outputs = corpusPath('netpol-analyzer', 'test_outputs', 'connlist');
const dir = mkdtempSync(join(tmpdir(), 'stockade-netpol-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '').sort();

function assertOneLineErrors(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.doesNotMatch(stderr, /internal error/);
}

describe('stockade netpol', () => {
  it('connlist prints netpol-analyzer lines (txt and csv)', async () => {
    const txt = await runCli(['netpol', 'connlist', `${tests}/acs-security-demos`]);
    assert.equal(txt.code, 0, txt.stderr);
    assert.deepEqual(lines(txt.stdout), lines(readFileSync(`${outputs}/acs-security-demos_connlist_output.txt`, 'utf8')));
    const csv = await runCli(['netpol', 'connlist', `${tests}/acs-security-demos`, '--format', 'csv']);
    assert.deepEqual(lines(csv.stdout), lines(readFileSync(`${outputs}/acs-security-demos_connlist_output.csv`, 'utf8')));
  });

  it('connlist --focus-workload keeps the connections of that workload', async () => {
    const r = await runCli(['netpol', 'connlist', `${tests}/acs-security-demos`, '--focus-workload', 'payments/gateway']);
    assert.equal(r.code, 0, r.stderr);
    const out = lines(r.stdout);
    assert.equal(out.length, 3);
    assert.ok(out.every((l) => l.includes('payments/gateway[Deployment]')));
  });

  it('explain --port gives the verdict and the deciding policy and rule', async () => {
    const allowed = await runCli(['netpol', 'explain', 'frontend/webapp', 'backend/checkout', `${tests}/acs-security-demos`, '--port', '8080/TCP']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /TCP 8080: ALLOWED/);
    assert.match(allowed.stdout, /NetworkPolicy 'backend\/checkout-netpol' allows TCP 8080 by Ingress rule #1/);
    const denied = await runCli(['netpol', 'explain', 'backend/catalog', 'frontend/asset-cache', `${tests}/acs-security-demos`, '--port', '8080']);
    assert.match(denied.stdout, /TCP 8080: DENIED/);
    assert.match(denied.stdout, /Egress allows nothing/);
    const open = await runCli(['netpol', 'explain', 'kube-system/heapster-7df8cb8c66', 'kube-system-dummy-to-ignore/kube-dns-amd64-d66bf76db', `${tests}/ipblockstest`]);
    assert.match(open.stdout, /no policy selects kube-system-dummy-to-ignore\/kube-dns-amd64-d66bf76db\[ReplicaSet\] for Ingress: allowed by default/);
    const host = await runCli(['netpol', 'explain', 'kube-system/calico-node', 'default/cognetive-agents', `${tests}/ipblockstest`]);
    assert.match(host.stdout, /default\/cognetive-agents\[DaemonSet\] uses the host network: NetworkPolicies do not apply to it/);
  });

  it('diff lists what a change opens and closes', async () => {
    const before = join(dir, 'before');
    const afterDir = join(dir, 'after');
    cpSync(`${tests}/netpol-analysis-example-minimal`, before, { recursive: true });
    cpSync(`${tests}/netpol-analysis-example-minimal`, afterDir, { recursive: true });
    const policies = join(afterDir, 'netpols.yaml');
    writeFileSync(policies, readFileSync(policies, 'utf8').replace('- port: 9090\n      protocol: TCP\n  podSelector:\n    matchLabels:\n      app: backendservice', '- port: 9090\n      protocol: TCP\n    - port: 9091\n      protocol: TCP\n  podSelector:\n    matchLabels:\n      app: backendservice'));
    const same = await runCli(['netpol', 'diff', before, before]);
    assert.equal(same.stdout.trim(), 'No connectivity changes.');
    const r = await runCli(['netpol', 'diff', before, afterDir, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const changes = JSON.parse(r.stdout) as { change: string; src: string; dst: string; closed: string }[];
    // Opening 9091 at the backend's ingress changes nothing while the frontend's egress allows only 9090.
    assert.deepEqual(changes, []);
    writeFileSync(policies, readFileSync(policies, 'utf8').replace("  - ports:\n    - port: 53\n      protocol: UDP\n", ''));
    const closed = JSON.parse((await runCli(['netpol', 'diff', before, afterDir, '--format', 'json'])).stdout) as { change: string; src: string; dst: string }[];
    assert.deepEqual(closed.map((c) => `${c.change} ${c.src} => ${c.dst}`), ['removed default/frontend[Deployment] => 0.0.0.0-255.255.255.255[External]']);
  });

  it('exposure names what is published and whether policies let it in', async () => {
    const r = await runCli(['netpol', 'exposure', `${tests}/acs-security-demos`, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { workload: string; exposedOutside: string; viaIngress: string }[];
    assert.deepEqual(
      rows.filter((x) => x.exposedOutside !== '').map((x) => `${x.workload} ${x.exposedOutside}`),
      ['frontend/asset-cache[Deployment] TCP 8080', 'frontend/webapp[Deployment] TCP 8080'],
    );
  });

  it('generate writes policies from a CSV of flows', async () => {
    const flows = join(dir, 'flows.csv');
    writeFileSync(flows, 'src_namespace,src_workload,dst_namespace,dst_workload,port,protocol\ndefault,frontend,default,cartservice,7070,TCP\n');
    const r = await runCli(['netpol', 'generate', '--flows', flows, `${tests}/onlineboutique_workloads/kubernetes-manifests.yaml`]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /name: allow-cartservice/);
    assert.match(r.stdout, /name: default-deny/);
  });

  it('bad input: one-line errors and exit code 2', async () => {
    const missing = await runCli(['netpol', 'connlist', join(dir, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope: no such file or directory/);
    assertOneLineErrors(missing.stderr);
    const port = await runCli(['netpol', 'explain', 'a', 'b', `${tests}/acs-security-demos`, '--port', 'http']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port "http"/);
    const who = await runCli(['netpol', 'explain', 'nobody', 'backend/checkout', `${tests}/acs-security-demos`]);
    assert.equal(who.code, 2);
    assert.match(who.stderr, /source "nobody": no such workload/);
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/33}\n---\nkind: [\n');
    const bad = await runCli(['netpol', 'connlist', broken]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /broken\.yaml:\d+: /);
    assert.match(bad.stderr, /warning: .*broken\.yaml:1: NetworkPolicy p: "10\.0\.0\.0\/33" is not a valid CIDR/);
    assertOneLineErrors(bad.stderr);
    const flows = join(dir, 'bad-flows.csv');
    writeFileSync(flows, 'default,frontend,default,cartservice,seventy,TCP\n');
    const gen = await runCli(['netpol', 'generate', '--flows', flows, `${tests}/onlineboutique_workloads/kubernetes-manifests.yaml`]);
    assert.equal(gen.code, 2);
    assert.match(gen.stderr, /bad-flows\.csv:1: invalid port "seventy"/);
    const noFlows = await runCli(['netpol', 'generate', '--flows', join(dir, 'absent.csv'), `${tests}/onlineboutique_workloads`]);
    assert.equal(noFlows.code, 2);
    assertOneLineErrors(noFlows.stderr);
  });
});
