import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';
import type { Inventory } from '../../src/core/inventory.js';
import { loadPaths } from '../../src/load/index.js';
import { buildNetworkModel, exposure, formatConnections } from '../../src/network/index.js';
import { corpusPath } from '../corpus.js';

/**
 * Online Boutique (microservices-demo corpus): its PROVENANCE lists what a scanner must say about
 * the network. Release manifests alone: no NetworkPolicy, every pod open (gap 5). With the
 * network-policies component: namespace default deny, ingress re-opened per caller, egress wide
 * open for every app (gap 7), and the frontend published by a LoadBalancer (gap 4).
 */
const root = corpusPath('microservices-demo');
const release = `${root}/release/kubernetes-manifests.yaml`;
const component = `${root}/kustomize/components/network-policies`;
const checks = ALL_CHECKS.filter((c) => c.category === 'network');

function findings(inventory: Inventory): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const check of checks) {
    if (check.scope !== 'inventory') continue;
    const hits = check.check(inventory, { inventory, options: TEST_OPTIONS }).map((v) => (v.entry ? `${v.entry.object.kind}/${v.entry.object.metadata?.name}` : `${v.resource?.kind}/${v.resource?.name}`));
    if (hits.length > 0) out.set(check.id, hits.sort());
  }
  return out;
}

describe('network checks on Online Boutique', () => {
  it('release manifests: no policy anywhere, every workload unselected', async () => {
    const loaded = await loadPaths([release]);
    const found = findings(loaded.inventory);
    assert.deepEqual([...found.keys()].sort(), ['namespace-without-default-deny-egress', 'namespace-without-default-deny-ingress', 'workload-not-selected-by-policy']);
    assert.deepEqual(found.get('namespace-without-default-deny-ingress'), ['Namespace/default']);
    assert.equal(found.get('workload-not-selected-by-policy')!.length, 12);
  });

  it('with the network-policies component: only the wide-open egress of every app remains', async () => {
    const loaded = await loadPaths([release, component]);
    const policies = readdirSync(component).filter((f) => f.endsWith('.yaml'));
    assert.equal(policies.length, 13);
    const found = findings(loaded.inventory);
    assert.deepEqual([...found.keys()], ['egress-to-internet-all-ports']);
    assert.equal(found.get('egress-to-internet-all-ports')!.length, 12);
    const published = exposure(buildNetworkModel(loaded.inventory)).filter((e) => e.exposedOutside.TCP.length > 0);
    assert.deepEqual(published.map((e) => `${e.name} ${formatConnections(e.exposedOutside)}`), ['default/frontend[Deployment] TCP 8080']);
  });
});
