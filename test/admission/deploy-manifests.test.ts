import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadControllerInput } from '../../src/admission/load.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import { selectChecks } from '../../src/core/registry.js';
import { loadPaths } from '../../src/load/index.js';
import { repoRoot } from '../corpus.js';

const DEPLOY = join(repoRoot, 'deploy');
const OPTIONS = { now: new Date('2026-03-01T00:00:00Z'), pssVersion: 'latest', kubeVersion: 'v1.34', settings: {} };

describe('deploy/ passes its own scan', () => {
  for (const policy of ['all', 'pss-restricted']) {
    it(`zero findings with policy ${policy}`, async () => {
      const loaded = await loadPaths([DEPLOY]);
      assert.deepEqual(loaded.errors, []);
      const kinds = new Set(loaded.inventory.entries.map((e) => e.object.kind));
      for (const kind of ['Deployment', 'PodDisruptionBudget', 'Service', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ClusterRole', 'Certificate']) {
        assert.ok(kinds.has(kind), `deploy/ has a ${kind}`);
      }
      const { checks, problems } = selectChecks(ALL_CHECKS, { policy });
      assert.deepEqual(problems, []);
      const result = analyze(loaded.inventory, checks, OPTIONS, emptyConfig());
      assert.deepEqual(result.problems, []);
      const open = result.findings.filter((f) => !f.suppressed).map((f) => `${f.check} ${f.resource.kind}/${f.resource.name} ${f.location.path ?? ''}: ${f.message}`);
      assert.deepEqual(open, []);
      // The webhook's only exceptions are the two its template states with reasons on the Deployment.
      const suppressed = [
        ...new Set(result.findings.filter((f) => f.suppressed && f.resource.name.startsWith('stockade-webhook')).map((f) => `${f.check} ${f.resource.kind}/${f.resource.name}`)),
      ].sort();
      const expected = ['image-not-pinned-by-digest Deployment/stockade-webhook', 'sensitive-workload-reachable-from-all-namespaces Deployment/stockade-webhook'];
      assert.deepEqual(suppressed, expected.filter((e) => checks.some((c) => c.id === e.split(' ')[0])));
    });
  }
});

describe('deploy/kubernetes webhook wiring', () => {
  const load = async () => (await loadPaths([join(DEPLOY, 'kubernetes', 'base')])).inventory;

  it('every webhook entry is bounded, side-effect free, skips kube-system and our namespace, and calls a path we serve', async () => {
    const inventory = await load();
    const configs = [...inventory.ofKind('ValidatingWebhookConfiguration'), ...inventory.ofKind('MutatingWebhookConfiguration')];
    assert.equal(configs.length, 2);
    const policies: Record<string, string> = {};
    for (const { object } of configs) {
      for (const hook of object.webhooks as any[]) {
        policies[hook.name] = hook.failurePolicy;
        assert.ok(hook.timeoutSeconds <= 5, hook.name);
        assert.equal(hook.sideEffects, 'None', hook.name);
        assert.deepEqual(hook.admissionReviewVersions, ['v1', 'v1beta1']);
        assert.ok(hook.matchConditions.length > 0, hook.name);
        const excluded = hook.namespaceSelector.matchExpressions.find((e: any) => e.key === 'kubernetes.io/metadata.name');
        assert.deepEqual({ operator: excluded.operator, values: excluded.values }, { operator: 'NotIn', values: ['kube-system', 'stockade-system'] });
        assert.match(hook.clientConfig.service.path, /^\/(validate(\/(enforce|warn|audit))?|mutate)$/);
        assert.deepEqual({ name: hook.clientConfig.service.name, namespace: hook.clientConfig.service.namespace }, { name: 'stockade-webhook', namespace: 'stockade-system' });
      }
    }
    assert.deepEqual(policies, { 'enforce.validate.stockade.dev': 'Fail', 'validate.stockade.dev': 'Ignore', 'mutate.stockade.dev': 'Ignore' });
  });

  it('the ClusterRole grants only get on pods', async () => {
    const roles = (await load()).ofKind('ClusterRole');
    assert.equal(roles.length, 1);
    assert.deepEqual(roles[0]!.object.rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
  });

  it('the Deployment runs 2+ replicas apart, with a PodDisruptionBudget', async () => {
    const inventory = await load();
    const deployment = inventory.ofKind('Deployment')[0]!.object as any;
    assert.ok(deployment.spec.replicas >= 2);
    assert.equal(deployment.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey, 'kubernetes.io/hostname');
    assert.equal((inventory.ofKind('PodDisruptionBudget')[0]!.object as any).spec.minAvailable, 1);
  });

  it('the shipped config is valid and starts in warn', async () => {
    const configMap = (await load()).ofKind('ConfigMap').find((e) => e.object.metadata?.name === 'stockade-webhook-config')!.object as any;
    const file = join(mkdtempSync(join(tmpdir(), 'stockade-shipped-')), '.stockade.yaml');
    writeFileSync(file, configMap.data['.stockade.yaml']);
    const input = loadControllerInput({ configFile: file, kubeVersion: 'v1.34' });
    assert.equal(input.admission.defaultMode, 'warn');
    assert.deepEqual(input.admission.exemptNamespaces, ['kube-system', 'stockade-system']);
  });
});
