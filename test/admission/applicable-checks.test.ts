/**
 * The webhook hands the engine only the checks that can apply to the request's kind. The
 * oracle is the engine itself given the whole catalogue: over real manifests of many kinds
 * (third-party corpus and our own deploy/), the findings must be the same, in the same order.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applicableTo, ApplicableChecks } from '../../src/admission/applicable.js';
import { webhookCatalogue } from '../../src/admission/load.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath, repoRoot } from '../corpus.js';

const catalogue = webhookCatalogue().filter((c) => c.scope !== 'inventory');
const options = { now: new Date('2026-01-01T00:00:00Z'), pssVersion: 'latest', kubeVersion: 'v1.34', settings: {} };

function findingsOf(object: KubeObject, checks: Parameters<typeof analyze>[1]) {
  const result = analyze(Inventory.of([object], 'admission'), checks, options, emptyConfig());
  return { findings: result.findings, problems: result.problems.map((p) => p.message) };
}

describe('checks applicable to a kind', () => {
  it('find exactly what the whole catalogue finds, over manifests of every kind at hand', async () => {
    const loaded = await loadPaths(['badpods', 'kubernetes-goat', 'microservices-demo', 'rbac'].map((d) => corpusPath(d)).concat(join(repoRoot, 'deploy')));
    const objects = loaded.inventory.entries.map((e) => e.object);
    // A CRD that happens to be called Deployment: named by workload kinds, judged by none.
    objects.push({ apiVersion: 'example.com/v1', kind: 'Deployment', metadata: { name: 'lookalike' }, spec: { template: { spec: { containers: [{ name: 'x', image: 'x:latest', securityContext: { privileged: true } }] } } } });
    const kinds = new Set(objects.map((o) => o.kind));
    assert.ok(kinds.size >= 15, `only ${kinds.size} kinds: ${[...kinds].join(', ')}`);
    let compared = 0;
    for (const object of objects) {
      const whole = findingsOf(object, catalogue);
      assert.deepEqual(findingsOf(object, applicableTo(catalogue, object.kind)), whole, `${object.kind} ${object.metadata?.name}`);
      compared += whole.findings.length;
    }
    assert.ok(compared > 500, `only ${compared} findings compared`);
  });

  it('leave out object checks of other kinds, and workload checks for kinds without a pod template', () => {
    const forDeployment = applicableTo(catalogue, 'Deployment');
    const forService = applicableTo(catalogue, 'Service');
    assert.ok(forDeployment.some((c) => c.scope === 'workload'));
    assert.ok(!forService.some((c) => c.scope === 'workload'));
    assert.ok(!forDeployment.some((c) => c.scope === 'object' && !c.kinds.includes('Deployment')));
    assert.ok(forService.some((c) => c.id === 'service-type-node-port'));
    assert.ok(forService.length < catalogue.length / 2, `${forService.length} of ${catalogue.length}`);
    // Narrowed copies keep everything else the findings are made of.
    const apiCheck = forService.find((c) => c.scope === 'object' && c.id === 'deprecated-api-version');
    assert.equal(apiCheck, undefined, 'Service has no deprecated API version');
    const narrowed = forDeployment.find((c) => c.id === 'deprecated-api-version');
    assert.ok(narrowed && narrowed.scope === 'object');
    assert.deepEqual(narrowed.kinds, ['Deployment']);
    assert.equal(narrowed.code, catalogue.find((c) => c.id === 'deprecated-api-version')!.code);
  });

  it('are worked out once per kind', () => {
    const index = new ApplicableChecks(catalogue);
    assert.equal(index.for('Pod'), index.for('Pod'));
    assert.notEqual(index.for('Pod'), index.for('Service'));
  });
});
