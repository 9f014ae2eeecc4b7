import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import yaml from 'js-yaml';
import { runCli } from '../cli/run.js';
import { corpusObjects, startCluster, type TestCluster } from './helpers.js';

describe('stockade cluster snapshot (CLI)', () => {
  let cluster: TestCluster;
  let dir: string;
  before(async () => {
    const corpus = (await corpusObjects()).filter((o) => o.kind !== 'ClusterPolicy');
    cluster = await startCluster(corpus, { forbidden: ['clusterrolebindings.rbac.authorization.k8s.io'] });
    dir = mkdtempSync(join(tmpdir(), 'stockade-snapshot-cli-'));
  });
  after(async () => {
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one private file without secret values; scan reads it; its notes say what was not scanned', async () => {
    const file = join(dir, 'cluster.yaml');
    const written = await runCli(['cluster', 'snapshot', '-o', file, '--kubeconfig', cluster.kubeconfig(), '--no-kubelet-config']);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, /not scanned: forbidden \(clusterrolebindings\.rbac\.authorization\.k8s\.io/);
    assert.match(written.stderr, /wrote \d+ objects of context "fake" to /);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const text = readFileSync(file, 'utf8');
    const snapshot = yaml.load(text) as { kind: string; items: { kind: string }[]; stockade: { notes: string[] } };
    const secrets = snapshot.items.filter((i) => i.kind === 'Secret');
    assert.ok(secrets.length >= 3);
    for (const secret of secrets) assert.deepEqual(Object.keys(secret).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.ok(snapshot.stockade.notes.some((n) => n.startsWith('not scanned: forbidden')));

    const scan = await runCli(['scan', file, '--format', 'json']);
    const report = JSON.parse(scan.stdout) as { findings: { check: string; resource: { name: string } }[] };
    assert.ok(report.findings.some((f) => f.check === 'privileged-container' && f.resource.name === 'system-monitor-deployment'));
    assert.ok(!report.findings.some((f) => f.check === 'secret-in-manifest'), 'metadata-only Secrets are no committed secrets');
  });

  it('scan --cluster and scan --snapshot give the same findings; the cluster scan is recorded', async () => {
    const file = join(dir, 'same.json');
    const written = await runCli(['cluster', 'snapshot', '-o', file, '--kubeconfig', cluster.kubeconfig(), '--no-kubelet-config']);
    assert.equal(written.code, 0, written.stderr);
    const db = join(dir, 'history.db');
    const live = await runCli(['scan', '--cluster', '--kubeconfig', cluster.kubeconfig(), '--no-kubelet-config', '--format', 'json', '--db', db]);
    const offline = await runCli(['scan', '--snapshot', file, '--format', 'json']);
    const keys = (stdout: string) =>
      (JSON.parse(stdout) as { findings: { fingerprint: string }[] }).findings.map((f) => f.fingerprint).sort();
    assert.ok(keys(live.stdout).length > 100, live.stderr);
    assert.deepEqual(keys(live.stdout), keys(offline.stdout));
    assert.ok(statSync(db).size > 0, 'the cluster scan was stored in the history');
    const both = await runCli(['scan', '--cluster', '--snapshot', file]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /not several at once/);
  });

  it('an unreachable cluster is one line and exit code 2', async () => {
    const kubeconfig = cluster.kubeconfig('token', 'unreachable');
    const text = readFileSync(kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1');
    const broken = join(dir, 'broken-kubeconfig');
    writeFileSync(broken, text);
    const result = await runCli(['cluster', 'snapshot', '-o', join(dir, 'x.json'), '--kubeconfig', broken]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^stockade: cluster: cannot reach https:\/\/127\.0\.0\.1:1: ECONNREFUSED\n$/);
  });
});
