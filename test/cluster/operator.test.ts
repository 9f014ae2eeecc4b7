import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';
import { startOperator, type OperatorHandle } from '../../src/cluster/operator.js';
import { emptyConfig } from '../../src/core/config.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { corpusObjects, startCluster, type TestCluster } from './helpers.js';
import type { JsonObject } from './fake-api-server.js';

interface Report {
  metadata: { name: string; namespace?: string };
  summary: { fail: number };
  results: { policy: string; resources: { kind: string; name: string }[]; properties: Record<string, string> }[];
}

const privileged = (name: string, kind: 'Deployment' | 'Pod' = 'Deployment'): JsonObject => {
  const spec = { containers: [{ name: 'app', image: 'busybox:1.36', securityContext: { privileged: true } }] };
  return kind === 'Pod'
    ? { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'batch' }, spec }
    : { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } } };
};

describe('stockade operator against the stand-in API server (watch, PolicyReports, metrics)', () => {
  let cluster: TestCluster;
  let operator: OperatorHandle;
  const logs: string[] = [];

  const report = (namespace: string): Report => cluster.server.objectsOf('wgpolicyk8s.io', 'PolicyReport').find((r) => r.metadata?.namespace === namespace) as unknown as Report;
  const resourcesOf = (namespace: string, check: string) => report(namespace).results.find((r) => r.policy === check)?.resources.map((r) => r.name) ?? [];

  before(async () => {
    const corpus: KubeObject[] = (await corpusObjects()).filter((o) => o.kind !== 'ClusterPolicy');
    cluster = await startCluster(corpus);
    operator = await startOperator({
      kubeconfig: cluster.kubeconfig(),
      kubeletConfig: false,
      settings: { checks: ALL_CHECKS, config: emptyConfig() },
      optionsAt: (now) => ({ ...TEST_OPTIONS, now }),
      settleMs: 50,
      metricsPort: 0,
      metricsHost: '127.0.0.1',
      log: (line) => logs.push(line),
    });
    await operator.watching;
  });
  after(async () => {
    await operator.stop();
    await cluster.close();
  });

  it('writes one PolicyReport per namespace and one ClusterPolicyReport, with the scan findings aggregated per check', () => {
    const reports = cluster.server.objectsOf('wgpolicyk8s.io', 'PolicyReport');
    const namespaces = reports.map((r) => r.metadata?.namespace).sort();
    assert.deepEqual(namespaces, operator.state.namespaces());
    assert.ok(namespaces.includes('big-monolith') && namespaces.includes('kube-system'));
    assert.equal(cluster.server.objectsOf('wgpolicyk8s.io', 'ClusterPolicyReport').length, 1);
    const findings = operator.state.findings().filter((f) => f.resource.namespace === 'default');
    assert.equal(report('default').summary.fail, findings.length);
    assert.equal(report('default').results.length, new Set(findings.map((f) => f.check)).size);
    assert.ok(resourcesOf('default', 'privileged-container').includes('system-monitor-deployment'));
    const clusterReport = cluster.server.objectsOf('wgpolicyk8s.io', 'ClusterPolicyReport')[0] as unknown as Report;
    assert.ok(clusterReport.results.some((r) => r.policy === 'cluster-admin-binding' && r.resources.some((x) => x.name === 'superadmin')));
  });

  it('re-evaluates an object when it changes (watch, not polling) and removes its findings when it is deleted', async () => {
    const listsBefore = cluster.server.requests.filter((r) => r.method === 'GET' && r.query.get('watch') !== 'true' && r.path.endsWith('/deployments')).length;
    let settled = operator.settled();
    cluster.server.apply(privileged('miner'));
    await settled;
    assert.ok(resourcesOf('default', 'privileged-container').includes('miner'));

    settled = operator.settled();
    const fixed = privileged('miner');
    (fixed.spec as { template: { spec: { containers: { securityContext: unknown }[] } } }).template.spec.containers[0]!.securityContext = { privileged: false };
    cluster.server.apply(fixed);
    await settled;
    assert.ok(!resourcesOf('default', 'privileged-container').includes('miner'));

    settled = operator.settled();
    cluster.server.delete(fixed);
    await settled;
    assert.ok(!JSON.stringify(report('default')).includes('"miner"'));
    const listsAfter = cluster.server.requests.filter((r) => r.method === 'GET' && r.query.get('watch') !== 'true' && r.path.endsWith('/deployments')).length;
    assert.equal(listsAfter, listsBefore, 'no list request after start: changes arrive by watch');
  });

  it('keeps reports bounded: 120 findings of one check in a namespace are one result listing 50 resources', async () => {
    const settled = operator.settled();
    for (let i = 0; i < 120; i++) cluster.server.apply(privileged(`job-${String(i).padStart(3, '0')}`, 'Pod'));
    await settled;
    while (report('batch')?.results.find((r) => r.policy === 'privileged-container')?.properties.resources !== '120') await operator.settled();
    const result = report('batch').results.find((r) => r.policy === 'privileged-container')!;
    assert.equal(result.resources.length, 50);
    assert.equal(result.properties.findings, '120');
    assert.equal(cluster.server.objectsOf('wgpolicyk8s.io', 'PolicyReport').filter((r) => r.metadata?.namespace === 'batch').length, 1);
  });

  it('serves Prometheus metrics: findings by severity, watch events, re-evaluation time', async () => {
    const response = await fetch(operator.metricsUrl!);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /^stockade_operator_findings\{severity="critical"\} [1-9]\d*$/m);
    assert.match(text, /^stockade_operator_watch_events_total\{type="ADDED"\} [1-9]\d*$/m);
    assert.match(text, /^stockade_operator_reevaluation_seconds_count [1-9]\d*$/m);
    assert.match(text, /^stockade_operator_reports_written_total [1-9]\d*$/m);
    assert.equal((await fetch(operator.metricsUrl!.replace('/metrics', '/other'))).status, 404);
  });

  it('never watches Secrets (a watch would carry their values)', () => {
    const secretWatches = cluster.server.requests.filter((r) => r.path.endsWith('/secrets') && r.query.get('watch') === 'true');
    assert.deepEqual(secretWatches, []);
    assert.ok(cluster.server.requests.some((r) => r.path === '/apis/apps/v1/deployments' && r.query.get('watch') === 'true'));
  });
});
