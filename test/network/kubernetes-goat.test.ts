import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPaths } from '../../src/load/index.js';
import { buildNetworkModel, exposure, findWorkloads, formatConnections, isEmpty } from '../../src/network/index.js';
import { corpusPath } from '../corpus.js';

/**
 * Kubernetes Goat (corpus): its PROVENANCE names two network scenarios. 8, "NodePort exposed
 * services": internal-proxy is published on a NodePort; 11, "Kubernetes namespaces bypass": the
 * Redis in secure-middleware has no NetworkPolicy and is reachable from every namespace.
 */
const root = corpusPath('kubernetes-goat');

describe('exposure on Kubernetes Goat', () => {
  it('finds the NodePort service and the namespace bypass', async () => {
    const loaded = await loadPaths([root]);
    const model = buildNetworkModel(loaded.inventory);
    const byName = new Map(exposure(model).map((e) => [e.name, e]));
    const proxy = byName.get(findWorkloads(model, 'internal-proxy-deployment').map((w) => `${w.namespace}/${w.name}[${w.kind}]`)[0]!)!;
    assert.deepEqual(
      proxy.services.map((s) => `${s.type} ${s.service} ${formatConnections(s.reachable)}`),
      ['NodePort internal-proxy-info-app-service TCP 5000'],
    );
    const redis = byName.get('secure-middleware/cache-store-deployment[Deployment]')!;
    assert.equal(formatConnections(redis.fromAnyNamespace), 'All Connections');
    assert.ok(isEmpty(redis.exposedOutside), 'not published outside the cluster');
  });
});
