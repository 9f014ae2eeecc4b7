import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import { WANTED_RESOURCES } from '../../src/load/cluster/resources.js';
import { loadPaths } from '../../src/load/index.js';
import { describeSubject, parseWhoCanQuery, rbacModelOf, whoCan } from '../../src/rbac/index.js';
import { repoRoot } from '../corpus.js';
import { startCluster, type TestCluster } from './helpers.js';

const OPERATOR_SA = 'ServiceAccount stockade-operator/stockade-operator';

describe('deploy/kubernetes/operator', () => {
  it('passes our own scan with every check: no finding but the documented digest pin', async () => {
    const loaded = await loadPaths([join(repoRoot, 'deploy/kubernetes/operator')]);
    assert.deepEqual(loaded.errors, []);
    const { findings, problems } = analyze(loaded.inventory, ALL_CHECKS, TEST_OPTIONS, emptyConfig());
    assert.deepEqual(problems, []);
    assert.deepEqual(findings.filter((f) => !f.suppressed).map((f) => `${f.check} ${f.resource.kind}/${f.resource.name}`), []);
    assert.deepEqual(findings.map((f) => f.check), ['image-not-pinned-by-digest']);
    assert.ok(loaded.inventory.ofKind('CustomResourceDefinition').length === 2);
  });

  it('its ClusterRole is read-only, never reaches Secret values or the kubelets, and covers what the scan lists', async () => {
    const loaded = await loadPaths([join(repoRoot, 'deploy/kubernetes/operator')]);
    const model = rbacModelOf(loaded.inventory);
    const holders = (verb: string, target: string) => whoCan(model, { ...parseWhoCanQuery(verb, target), anyResourceName: true }).filter((a) => !a.builtin).map((a) => describeSubject(a.subject));
    for (const [verb, target] of [['get', 'secrets'], ['list', 'secrets'], ['watch', 'secrets'], ['get', 'nodes/proxy'], ['create', 'pods'], ['delete', 'pods'], ['update', 'deployments'], ['create', 'pods/exec']] as const) {
      assert.deepEqual(holders(verb, target), [], `${verb} ${target}`);
    }
    for (const wanted of WANTED_RESOURCES.filter((w) => !w.metadataOnly)) {
      const target = wanted.group === '' ? wanted.resource : `${wanted.resource}.${wanted.group}`;
      assert.deepEqual(holders('list', target), [OPERATOR_SA], `list ${target}`);
      assert.deepEqual(holders('watch', target), [OPERATOR_SA], `watch ${target}`);
    }
    assert.deepEqual(holders('update', 'policyreports.wgpolicyk8s.io'), [OPERATOR_SA]);
    assert.deepEqual(holders('create', 'clusterpolicyreports.wgpolicyk8s.io'), [OPERATOR_SA]);
  });
});

describe('stockade operator (CLI)', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startCluster([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]);
  });
  after(() => cluster.close());

  it('runs until SIGTERM, serves metrics, and exits 0', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/stockade.js'), 'operator', '--kubeconfig', cluster.kubeconfig(), '--metrics-port', '0', '--settle', '10', '--no-kubelet-config'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /metrics at (http:\/\/\S+)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`operator exited early: ${stderr}`)));
    });
    const metrics = await (await fetch(url)).text();
    assert.match(metrics, /stockade_operator_objects 1/);
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    clearTimeout(killer);
    assert.equal(code, 0, stderr);
    assert.equal(cluster.server.objectsOf('wgpolicyk8s.io', 'PolicyReport').length, 1);
  });
});
