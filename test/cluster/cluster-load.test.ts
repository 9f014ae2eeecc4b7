import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InputError, UsageError } from '../../src/core/errors.js';
import { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { loadClusterInventory, type ClusterLoadResult } from '../../src/load/cluster/index.js';
import type { Progress } from '../../src/load/cluster/progress.js';
import { corpusObjects, fingerprints, startCluster, type TestCluster } from './helpers.js';

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ClusterPolicy']);

/** What the API server stores for an applied manifest: namespaced objects without one land in `default`. */
function asApplied(objects: KubeObject[]): KubeObject[] {
  return objects.map((o) => {
    const copy = structuredClone(o);
    if (!CLUSTER_SCOPED.has(copy.kind)) copy.metadata = { ...copy.metadata, namespace: copy.metadata?.namespace ?? 'default' };
    return copy;
  });
}

const leakySecret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db-password',
    namespace: 'default',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}', owner: 'team-a' },
  },
  data: { password: 'aHVudGVyMg==' },
};

describe('cluster scan against the stand-in API server (corpus: kubernetes-goat, Online Boutique, default RBAC)', () => {
  let cluster: TestCluster;
  let corpus: KubeObject[];
  let loaded: ClusterLoadResult;

  before(async () => {
    // Kyverno's ClusterPolicy is a custom resource no analyser reads: a scan does not list it.
    corpus = (await corpusObjects()).filter((o) => o.kind !== 'ClusterPolicy');
    cluster = await startCluster([...corpus, leakySecret], { maxPage: 7 });
    loaded = await loadClusterInventory({ kubeconfig: cluster.kubeconfig('token'), progress: false, kubeletConfig: false });
  });
  after(() => cluster.close());

  it('reads every object applied, with apiVersion and kind restored on list items', () => {
    assert.deepEqual(loaded.errors, []);
    assert.equal(loaded.inventory.size, corpus.length + 1);
    const byKind = (inv: { object: KubeObject }[]) => inv.map((e) => `${e.object.apiVersion} ${e.object.kind}`).sort();
    assert.deepEqual(
      byKind(loaded.inventory.entries.filter((e) => e.object.kind !== 'Secret')),
      byKind(asApplied(corpus).filter((o) => o.kind !== 'Secret').map((object) => ({ object }))),
    );
    assert.ok(loaded.inventory.entries.every((e) => e.origin.file === 'cluster'));
  });

  it('gives the same findings as scanning the applied manifests (cluster objects named by namespace and name)', () => {
    const expected = fingerprints(Inventory.of(asApplied(corpus).filter((o) => o.kind !== 'Secret')));
    const actual = fingerprints(Inventory.of(loaded.inventory.entries.map((e) => e.object).filter((o) => o.kind !== 'Secret')));
    assert.ok(expected.length > 100, `the corpus has findings (${expected.length})`);
    assert.deepEqual(actual, expected);
  });

  it('finds the misconfigurations the kubernetes-goat oracle lists, on the cluster objects', () => {
    const all = fingerprints(loaded.inventory);
    const has = (prefix: string) => assert.ok(all.some((f) => f.startsWith(prefix)), `expected a finding "${prefix}…"`);
    has('privileged-container Deployment default/system-monitor-deployment');
    has('host-namespaces Deployment default/system-monitor-deployment');
    has('privileged-container Deployment default/health-check-deployment');
    has('cluster-admin-binding ClusterRoleBinding /superadmin');
    has('service-type-node-port Service default/internal-proxy-info-app-service');
  });

  it('pages through every list (limit/continue) and keeps each list resourceVersion', () => {
    const podPages = cluster.server.requests.filter((r) => r.path === '/api/v1/pods' || r.path === '/apis/apps/v1/deployments');
    assert.ok(podPages.filter((r) => r.query.has('continue')).length >= 2, 'deployments take several pages of 7');
    assert.ok(cluster.server.requests.filter((r) => r.query.get('limit') === '500').length > 10);
    assert.match(loaded.resourceVersions.get('deployments.apps') ?? '', /^\d+$/);
  });

  it('never asks for a Secret value: Secrets are listed as metadata only, the last-applied annotation dropped', () => {
    const secretRequests = cluster.server.requests.filter((r) => r.path.endsWith('/secrets'));
    assert.ok(secretRequests.length > 0);
    for (const r of secretRequests) assert.match(r.accept, /as=PartialObjectMetadataList;g=meta\.k8s\.io;v=v1/);
    const secrets = loaded.inventory.ofKind('Secret');
    assert.ok(secrets.length >= 4);
    for (const s of secrets) {
      assert.deepEqual(Object.keys(s.object).sort(), ['apiVersion', 'kind', 'metadata']);
    }
    const leaky = loaded.inventory.find('Secret', 'default', 'db-password')!;
    assert.deepEqual(leaky.object.metadata?.annotations, { owner: 'team-a' });
    assert.doesNotMatch(JSON.stringify(loaded.inventory.entries.map((e) => e.object)), /aHVudGVyMg/);
  });

  it('notes the optional kinds this cluster does not serve instead of failing', () => {
    assert.ok(loaded.notes.some((n) => /not scanned: adminnetworkpolicies\.policy\.networking\.k8s\.io is not served/.test(n.message)));
  });
});

describe('cluster scan: permissions, authentication and failures', () => {
  let corpus: KubeObject[];
  before(async () => {
    corpus = (await corpusObjects()).filter((o) => o.kind !== 'ClusterPolicy');
  });

  it('a kind the identity may not list is "not scanned: forbidden" and the rest is scanned', async () => {
    const cluster = await startCluster(corpus, { forbidden: ['clusterrolebindings.rbac.authorization.k8s.io', 'secrets'] });
    try {
      const loaded = await loadClusterInventory({ kubeconfig: cluster.kubeconfig(), progress: false, kubeletConfig: false });
      assert.deepEqual(loaded.errors, []);
      assert.equal(loaded.inventory.ofKind('ClusterRoleBinding').length, 0);
      assert.equal(loaded.inventory.ofKind('Secret').length, 0);
      assert.ok(loaded.inventory.ofKind('ClusterRole').length > 10);
      const forbidden = loaded.notes.filter((n) => n.message.startsWith('not scanned: forbidden'));
      assert.deepEqual(forbidden.map((n) => n.message.split(' (')[1]!.split(':')[0]).sort(), ['clusterrolebindings.rbac.authorization.k8s.io', 'secrets']);
    } finally {
      await cluster.close();
    }
  });

  it('authenticates with a client certificate from the kubeconfig', async () => {
    const cluster = await startCluster(corpus);
    try {
      const loaded = await loadClusterInventory({ kubeconfig: cluster.kubeconfig('certificate'), progress: false, kubeletConfig: false });
      assert.equal(loaded.inventory.size, corpus.length);
      assert.ok(cluster.server.requests.length > 0);
      assert.ok(cluster.server.requests.every((r) => r.identity === 'certificate'));
    } finally {
      await cluster.close();
    }
  });

  it('a certificate from another CA and a wrong token are refused (401) with a one-line input error', async () => {
    const cluster = await startCluster(corpus);
    try {
      await assert.rejects(loadClusterInventory({ kubeconfig: cluster.kubeconfig('stranger'), progress: false }), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /^cluster: API discovery failed at https:\/\/127\.0\.0\.1:\d+\/apis: 401 Unauthorized$/);
        return true;
      });
      await assert.rejects(loadClusterInventory({ kubeconfig: cluster.kubeconfig('token'), context: 'other', progress: false }), /401 Unauthorized/);
      assert.equal(cluster.server.requests.length, 0, 'refused callers are not served');
    } finally {
      await cluster.close();
    }
  });

  it('an unknown context or kubeconfig file is a usage error; an unreachable server an input error', async () => {
    const cluster = await startCluster([]);
    const kubeconfig = cluster.kubeconfig();
    await cluster.close();
    await assert.rejects(loadClusterInventory({ kubeconfig, context: 'prod', progress: false }), (e: unknown) => e instanceof UsageError && /no context "prod".*known: fake, other/.test(e.message));
    await assert.rejects(loadClusterInventory({ kubeconfig: '/nonexistent/kubeconfig', progress: false }), (e: unknown) => e instanceof UsageError && /no such file/.test(e.message));
    await assert.rejects(loadClusterInventory({ kubeconfig, progress: false }), (e: unknown) => e instanceof InputError && /cannot reach https:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/.test(e.message));
  });

  it('reads each node live kubelet configuration through the node proxy when allowed, one note when not', async () => {
    const nodes: KubeObject[] = ['node-a', 'node-b'].map((name) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } }));
    const configz = { 'node-a': { authentication: { anonymous: { enabled: true } }, readOnlyPort: 10255 } };
    const allowed = await startCluster(nodes, { configz });
    try {
      const loaded = await loadClusterInventory({ kubeconfig: allowed.kubeconfig(), progress: false });
      const configs = loaded.inventory.ofKind('KubeletConfiguration');
      assert.deepEqual(configs.map((e) => [e.object.metadata?.name, e.object.readOnlyPort]), [['node-a', 10255]]);
      assert.ok(loaded.notes.some((n) => /node-b not read: 404/.test(n.message)));
    } finally {
      await allowed.close();
    }
    const refused = await startCluster(nodes);
    try {
      const loaded = await loadClusterInventory({ kubeconfig: refused.kubeconfig(), progress: false, concurrency: 1 });
      assert.equal(loaded.inventory.ofKind('KubeletConfiguration').length, 0);
      assert.equal(loaded.notes.filter((n) => /live kubelet configuration: nodes\/proxy 403/.test(n.message)).length, 1);
      assert.equal(refused.server.requests.filter((r) => r.path.endsWith('/configz')).length, 1, 'stops asking after the first refusal');
    } finally {
      await refused.close();
    }
  });

  it('leaves out pods and ReplicaSets whose controller is scanned, keeps mirror pods owned by their node', async () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    const objects: KubeObject[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'web' } }, template } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', controller: true }] }, spec: { template } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-5d8-x1', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8', controller: true }] }, spec: template.spec },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan-x2', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', controller: true }] }, spec: template.spec },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-apiserver-cp1', namespace: 'kube-system', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'cp1', controller: true }] }, spec: template.spec },
    ];
    const cluster = await startCluster(objects);
    try {
      const pages: number[] = [];
      let kinds = 0;
      const progress: Progress = { start: (n) => (kinds = n), page: (n) => pages.push(n), kindDone() {}, finish() {} };
      const loaded = await loadClusterInventory({ kubeconfig: cluster.kubeconfig(), progress, kubeletConfig: false });
      assert.deepEqual(loaded.inventory.entries.map((e) => e.object.metadata?.name).sort(), ['kube-apiserver-cp1', 'orphan-x2', 'web']);
      assert.ok(loaded.notes.some((n) => /^2 objects created by a scanned controller were left out/.test(n.message)));
      assert.equal(pages.reduce((a, b) => a + b, 0), 5, 'progress counts every object read');
      assert.ok(kinds > 20);
      const all = await loadClusterInventory({ kubeconfig: cluster.kubeconfig(), progress: false, kubeletConfig: false, includeOwned: true });
      assert.equal(all.inventory.size, 5);
    } finally {
      await cluster.close();
    }
  });

  it('--namespace lists namespaced kinds in that namespace only, cluster-scoped kinds in full', async () => {
    const cluster = await startCluster(corpus);
    try {
      const loaded = await loadClusterInventory({ kubeconfig: cluster.kubeconfig(), namespace: 'big-monolith', progress: false, kubeletConfig: false });
      const namespaces = new Set(loaded.inventory.entries.map((e) => e.object.metadata?.namespace).filter((n) => n !== undefined));
      assert.deepEqual([...namespaces], ['big-monolith']);
      assert.ok(loaded.inventory.ofKind('ClusterRole').length > 10);
      assert.ok(cluster.server.requests.some((r) => r.path === '/api/v1/namespaces/big-monolith/pods'));
    } finally {
      await cluster.close();
    }
  });
});
