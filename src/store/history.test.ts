import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../checks/index.js';
import { TEST_OPTIONS } from '../checks/check-tester.js';
import { emptyConfig } from '../core/config.js';
import { loadPaths } from '../load/index.js';
import { namespacePosture } from '../dashboard/views.js';
import { postureScore } from '../report/html.js';
import { bySeverity } from '../report/model.js';
import { scanLoaded } from '../scan/run.js';
import { corpusPath } from '../../test/corpus.js';
import { HistoryReader, openHistory, recordScan } from './history.js';

async function goatScan() {
  const loaded = await loadPaths([corpusPath('kubernetes-goat')]);
  const report = scanLoaded(loaded, { checks: ALL_CHECKS, config: emptyConfig(), options: TEST_OPTIONS, version: 'test' });
  return { loaded, report };
}

describe('scan history', () => {
  it('records a scan and reads back its summary, findings, score and posture per namespace', async () => {
    const { loaded, report } = await goatScan();
    const db = openHistory(':memory:');
    const id = recordScan(db, report, loaded.inventory, { target: ['goat'], now: new Date('2026-01-02T03:04:05Z') });
    const reader = new HistoryReader(db);
    const scan = reader.scan(id)!;
    assert.equal(scan.scannedAt, '2026-01-02T03:04:05.000Z');
    assert.deepEqual(scan.counts, bySeverity(report.findings));
    assert.equal(scan.score, postureScore(report));
    assert.equal(scan.resources, loaded.inventory.size);
    const stored = reader.findings(id);
    assert.deepEqual(stored.map((f) => f.fingerprint), report.findings.map((f) => f.fingerprint));
    assert.deepEqual(stored.map((f) => f.line), report.findings.map((f) => f.location.line));

    // Posture per namespace, counted again here from the report's findings.
    const posture = namespacePosture(scan, reader.namespaceCounts(id));
    for (const row of posture) {
      const ns = row.namespace === '(no namespace)' ? undefined : row.namespace;
      const mine = report.findings.filter((f) => !f.suppressed && f.resource.namespace === ns);
      assert.deepEqual(row.counts, bySeverity(mine), row.namespace);
      const bad = new Set(mine.filter((f) => f.severity === 'critical' || f.severity === 'high').map((f) => `${f.resource.kind}/${f.resource.name}`));
      const resources = loaded.inventory.entries.filter((e) => (e.object.metadata?.namespace ?? undefined) === ns).length;
      assert.equal(row.resources, resources, row.namespace);
      assert.equal(row.score, Math.round((100 * (resources - bad.size)) / resources), row.namespace);
    }
    assert.ok(posture.some((r) => r.namespace === 'big-monolith'));
    db.close();
  });

  it('stores the RBAC and network graphs of the same inventory', async () => {
    const { loaded, report } = await goatScan();
    const db = openHistory(':memory:');
    const id = recordScan(db, report, loaded.inventory, { target: ['goat'], now: new Date() });
    const reader = new HistoryReader(db);
    const rbac = reader.rbacGraph(id)!;
    const superadmin = rbac.nodes.find((n) => n.id === 'ClusterRoleBinding:/superadmin');
    assert.equal(superadmin?.escalation, true);
    assert.ok(rbac.edges.some((e) => e.from === 'ServiceAccount:kube-system/superadmin' && e.to === 'ClusterRoleBinding:/superadmin' && e.escalation));
    assert.ok(rbac.paths.some((p) => p.subject === 'ServiceAccount kube-system/superadmin' && p.target === 'cluster-admin'));
    const network = reader.networkGraph(id)!;
    assert.ok(network.nodes.length > 5);
    // The goat NodePort scenario (internal-proxy) is reachable from outside the cluster.
    assert.match(network.nodes.find((n) => n.name === 'internal-proxy-deployment')?.exposed ?? '', /NodePort/);
    const images = reader.images(id, true);
    assert.ok(images.some((i) => i.image.startsWith('madhuakula/') && i.workloads.length > 0));
    db.close();
  });
});
