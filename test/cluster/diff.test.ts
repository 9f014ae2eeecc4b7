import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';
import { diffClusters, type ClusterDiff } from '../../src/cluster/diff.js';
import { formatClusterDiff } from '../../src/cluster/diff-format.js';
import { emptyConfig } from '../../src/core/config.js';
import { formatConnections, isEmpty } from '../../src/network/index.js';
import { loadClusterInventory, loadSnapshot, writeSnapshot } from '../../src/load/cluster/index.js';
import { loadPaths } from '../../src/load/index.js';
import { runCli } from '../cli/run.js';
import { corpusPath } from '../corpus.js';
import { fixturePath, startCluster, type TestCluster } from './helpers.js';

const settings = { checks: ALL_CHECKS, options: TEST_OPTIONS, config: emptyConfig() };

describe('stockade diff: what applying manifests changes in a cluster (Online Boutique + default RBAC)', () => {
  let cluster: TestCluster;
  let dir: string;
  let snapshotFile: string;
  let vendorDiff: ClusterDiff;
  let policyDiff: ClusterDiff;

  before(async () => {
    const corpus = await loadPaths([corpusPath('microservices-demo', 'release'), corpusPath('rbac', 'k8s-bootstrap-policy')]);
    cluster = await startCluster(corpus.inventory.entries.map((e) => e.object));
    dir = mkdtempSync(join(tmpdir(), 'stockade-diff-'));
    const live = await loadClusterInventory({ kubeconfig: cluster.kubeconfig(), progress: false, kubeletConfig: false });
    snapshotFile = join(dir, 'shop.json');
    writeSnapshot(snapshotFile, live.inventory.entries.map((e) => e.object), { server: live.server, context: live.context, takenAt: '2026-01-15T12:00:00Z', notes: live.notes.map((n) => n.message) });
    const vendor = await loadPaths([fixturePath('vendor')]);
    vendorDiff = diffClusters(live.inventory, vendor.inventory, settings);
    const policies = await loadPaths([corpusPath('microservices-demo', 'kustomize', 'components', 'network-policies')]);
    policyDiff = diffClusters(live.inventory, policies.inventory, settings);
  });
  after(async () => {
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists new and changed objects; a changed object names the fields the manifest changes', () => {
    const rows = vendorDiff.objects.map((o) => `${o.change} ${o.resource.kind} ${o.resource.namespace ?? ''}/${o.resource.name} ${o.fields.join(',')}`);
    assert.deepEqual(rows, [
      'added Namespace /vendor ',
      'added ServiceAccount vendor/agent ',
      'added ClusterRole /vendor-agent ',
      'added ClusterRoleBinding /vendor-agent ',
      'added MutatingWebhookConfiguration /vendor-injector ',
      'added CustomResourceDefinition /probes.vendor.example.com ',
      'added DaemonSet vendor/agent ',
      'changed Deployment default/frontend spec.template.spec.containers[0].image',
    ]);
  });

  it('new RBAC grants: who can read Secrets cluster-wide after the apply that could not before', () => {
    const grants = vendorDiff.grants.map((g) => `${g.capability} | ${g.subject} | ${g.scope}`);
    assert.deepEqual(grants, ['get secrets | ServiceAccount vendor/agent | cluster-wide', 'list secrets | ServiceAccount vendor/agent | cluster-wide']);
    assert.match(vendorDiff.grants[0]!.via, /^ClusterRoleBinding vendor-agent → ClusterRole vendor-agent → rules\[0\]/);
    assert.ok(vendorDiff.escalations.some((e) => e.subject === 'ServiceAccount vendor/agent' && e.target === 'secrets'));
  });

  it('new webhooks, CRDs and images; new findings only for what the apply brings', () => {
    assert.deepEqual(vendorDiff.admission.map((o) => o.resource.name), ['vendor-injector']);
    assert.deepEqual(vendorDiff.crds.map((o) => o.resource.name), ['probes.vendor.example.com']);
    assert.deepEqual(vendorDiff.images.map((i) => i.image), ['us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend:v0.10.7', 'vendor.example.com/agent:2.1.0']);
    const newFindings = new Set(vendorDiff.findings.added.map((f) => `${f.check} ${f.resource.kind}/${f.resource.name}`));
    assert.ok(newFindings.has('privileged-container DaemonSet/agent'));
    assert.ok(newFindings.has('host-namespaces DaemonSet/agent'));
    // The partial frontend manifest drops the hardened securityContext: apply would too.
    assert.ok(newFindings.has('run-as-non-root Deployment/frontend'));
    assert.ok([...newFindings].every((f) => /\/(agent|frontend|vendor-agent|vendor-injector|vendor|probes\.vendor\.example\.com)$/.test(f)), [...newFindings].join('\n'));
    // A digest or a fixed tag that was already flagged stays flagged: not "new".
    assert.ok(!newFindings.has('image-tag-latest Deployment/redis-cart'));
  });

  it('network: the Online Boutique policies close what only the callers should reach, keep what they allow', () => {
    const change = (source: string, destination: string) => policyDiff.network.find((c) => c.source === `default/${source}[Deployment]` && c.destination === `default/${destination}[Deployment]`);
    const allowedAfter = (source: string, destination: string) => {
      const c = change(source, destination)!;
      return isEmpty(c.after) ? '' : formatConnections(c.after);
    };
    // cartservice admits frontend and checkoutservice on 7070; redis-cart admits cartservice on 6379.
    assert.equal(allowedAfter('frontend', 'cartservice'), 'TCP 7070');
    assert.equal(allowedAfter('checkoutservice', 'cartservice'), 'TCP 7070');
    assert.equal(allowedAfter('cartservice', 'redis-cart'), 'TCP 6379');
    assert.equal(allowedAfter('loadgenerator', 'cartservice'), '');
    assert.equal(allowedAfter('frontend', 'redis-cart'), '');
    assert.equal(policyDiff.network.filter((c) => !isEmpty(c.opened)).length, 0, 'policies only ever close');
    assert.equal(policyDiff.grants.length, 0);
  });

  it('table and markdown name every section; json is machine-readable', () => {
    const table = formatClusterDiff(vendorDiff, 'table');
    for (const title of ['Objects', 'New RBAC grants', 'Admission webhooks and policies', 'Custom resource definitions', 'New images', 'New findings']) assert.match(table, new RegExp(`^${title}$`, 'm'));
    const md = formatClusterDiff(vendorDiff, 'markdown');
    assert.match(md, /^### New RBAC grants\n\n\| CAPABILITY \| SUBJECT \| SCOPE \| VIA \|$/m);
    const json = JSON.parse(formatClusterDiff(vendorDiff, 'json')) as { summary: Record<string, number> };
    assert.equal(json.summary.added, 7);
    assert.equal(json.summary.newGrants, 2);
  });

  it('CLI: diff against the snapshot and against the live cluster agree; exit 1 for new high findings', async () => {
    const fromSnapshot = await runCli(['diff', '--snapshot', snapshotFile, fixturePath('vendor'), '--format', 'json']);
    assert.equal(fromSnapshot.code, 1, fromSnapshot.stderr);
    const fromCluster = await runCli(['diff', '--cluster', '--kubeconfig', cluster.kubeconfig(), '--no-kubelet-config', fixturePath('vendor'), '--format', 'json']);
    assert.equal(fromCluster.code, 1, fromCluster.stderr);
    assert.deepEqual(JSON.parse(fromCluster.stdout), JSON.parse(fromSnapshot.stdout));
    const same = await runCli(['diff', '--snapshot', snapshotFile, corpusPath('microservices-demo', 'release')]);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /^0 added, 0 changed; 0 new grants/m);
  });

  it('CLI: usage and input errors are one line with exit code 2', async () => {
    const both = await runCli(['diff', '--cluster', '--snapshot', snapshotFile, fixturePath('vendor')]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^stockade: diff: give exactly one of --cluster or --snapshot FILE\n$/);
    const missing = await runCli(['diff', '--snapshot', join(dir, 'nope.json'), fixturePath('vendor')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^stockade: .*nope\.json: cannot read snapshot: ENOENT\n$/);
    const notSnapshot = await runCli(['diff', '--snapshot', fixturePath('vendor', 'agent.yaml'), fixturePath('vendor')]);
    assert.equal(notSnapshot.code, 2);
    assert.match(notSnapshot.stderr, /agent\.yaml(:\d+)?: not a (Stockade cluster )?snapshot/);
  });

  it('snapshot file: a plain List, no secret value, read back as the same inventory', () => {
    const text = readFileSync(snapshotFile, 'utf8');
    const loaded = loadSnapshot(snapshotFile);
    assert.equal(loaded.info.takenAt, '2026-01-15T12:00:00Z');
    assert.ok(loaded.inventory.size > 100);
    assert.equal((JSON.parse(text) as { kind: string }).kind, 'List');
  });
});
