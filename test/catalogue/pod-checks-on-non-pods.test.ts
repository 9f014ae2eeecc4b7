import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workloadOf } from '../../src/core/k8s/workload.js';
import { corpusPath } from '../corpus.js';
import { catalogueChecks, describeFindings, scan } from './scan.js';

/**
 * Users' first complaint about scanners: pod checks firing on Services and CRDs. Over every
 * real manifest set of the corpus, with every check of these families enabled, a finding of a
 * workload-scope check is always about an object that carries a pod spec.
 */
const CORPORA: string[][] = [['kubernetes-goat'], ['microservices-demo'], ['badpods'], ['netpol-analyzer', 'tests']];

describe('no pod finding on a non-pod kind', () => {
  for (const corpus of CORPORA) {
    it(corpus.join('/'), async () => {
      const checks = catalogueChecks('all');
      const podChecks = new Set(checks.filter((c) => c.scope === 'workload').map((c) => c.id));
      const { findings, entries } = await scan([corpusPath(...corpus)], checks);
      const misplaced = findings.filter((f, i) => podChecks.has(f.check) && (entries[i] === undefined || workloadOf(entries[i]!.object) === undefined));
      assert.deepEqual(describeFindings(misplaced), []);
      assert.ok(findings.some((f) => podChecks.has(f.check)), 'the corpus has workloads, so pod checks must have fired');
    });
  }

  it('a CRD named Deployment and a Knative Service get no pod finding', async () => {
    const { loadText } = await import('../../src/load/index.js');
    const { analyze } = await import('../../src/core/engine.js');
    const { emptyConfig } = await import('../../src/core/config.js');
    const { OPTIONS } = await import('./scan.js');
    const yaml = [
      'apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {hostNetwork: true, containers: [{name: a, image: "x:latest"}]}}}',
      'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: s}\nspec: {template: {spec: {containers: [{image: "x:latest"}]}}}',
    ].join('\n---\n');
    const { inventory } = loadText(yaml, 'crds.yaml');
    const result = analyze(inventory, catalogueChecks('all'), OPTIONS, emptyConfig());
    assert.deepEqual(describeFindings(result.findings.filter((f) => f.category !== 'hygiene')), []);
  });
});
