import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Finding } from '../../src/core/finding.js';
import { corpusPath } from '../corpus.js';
import { catalogueChecks, describeFindings, scan } from './scan.js';

/**
 * Online Boutique: its PROVENANCE lists what a scanner must not flag (hardened security
 * contexts, limits on main containers, pinned app images) and the known gaps it must flag
 * (redis:alpine, the default service account, token automount, the LoadBalancer,
 * loadgenerator's missing probes and its init container's missing resources).
 */
const DEPLOYMENTS = [
  'frontend', 'adservice', 'currencyservice', 'cartservice', 'redis-cart', 'loadgenerator',
  'recommendationservice', 'checkoutservice', 'emailservice', 'paymentservice', 'shippingservice', 'productcatalogservice',
];

describe('microservices-demo release manifests (default policy)', () => {
  let findings: Finding[] = [];
  const of = (check: string) => findings.filter((f) => f.check === check);
  const names = (list: Finding[]) => list.map((f) => `${f.resource.kind}/${f.resource.name}${f.container ? `[${f.container}]` : ''}`).sort();

  before(async () => {
    findings = (await scan([corpusPath('microservices-demo', 'release', 'kubernetes-manifests.yaml')], catalogueChecks('default'))).findings;
  });

  describe('clean: must not be flagged', () => {
    it('read-only root filesystems everywhere', () => assert.deepEqual(names(of('readonly-root-filesystem')), []));
    it('no host paths, dangerous capabilities or shared process namespaces', () => {
      assert.deepEqual(names([...of('sensitive-host-path'), ...of('host-path-writable'), ...of('dangerous-capabilities'), ...of('share-process-namespace')]), []);
    });
    it('main containers have requests and limits (only the init container frontend-check lacks them)', () => {
      const resourceFindings = ['cpu-requests-missing', 'cpu-limits-missing', 'memory-requests-missing', 'memory-limits-missing'].flatMap(of);
      assert.deepEqual([...new Set(names(resourceFindings))], ['Deployment/loadgenerator[frontend-check]']);
      assert.equal(resourceFindings.length, 4);
    });
    it('app images pinned to v0.10.6 and the digest-pinned init image are not reported as mutable', () => {
      const imageFindings = ['image-latest-tag', 'image-floating-tag', 'image-pull-policy-mutable-tag', 'invalid-image-reference'].flatMap(of);
      assert.deepEqual([...new Set(names(imageFindings))], ['Deployment/redis-cart[redis]']);
    });
    it('no literal credentials', () => assert.deepEqual(names([...of('credentials-in-env'), ...of('credentials-in-annotations')]), []));
    it('the ClusterIP Services are not reported as exposed', () => {
      const exposure = findings.filter((f) => f.category === 'exposure');
      assert.deepEqual([...new Set(exposure.map((f) => `${f.resource.kind}/${f.resource.name}`))], ['Service/frontend-external']);
    });
  });

  describe('known gaps: must be flagged', () => {
    it('2. redis-cart uses the mutable Docker Hub tag redis:alpine', () => {
      assert.deepEqual(names(of('image-floating-tag')), ['Deployment/redis-cart[redis]']);
      assert.deepEqual(names(of('image-pull-policy-mutable-tag')), ['Deployment/redis-cart[redis]']);
    });
    it('2. redis-cart runs as the default service account', () => assert.deepEqual(names(of('default-service-account')), ['Deployment/redis-cart']));
    it('3. every pod mounts its service account token', () => {
      assert.deepEqual(names(of('service-account-token-automount')), DEPLOYMENTS.map((d) => `Deployment/${d}`).sort());
    });
    it('4. frontend-external is a public LoadBalancer', () => {
      assert.deepEqual(names(of('service-type-load-balancer')), ['Service/frontend-external']);
      assert.deepEqual(names(of('load-balancer-source-ranges')), ['Service/frontend-external']);
    });
    it('6. loadgenerator has no readiness or liveness probe', () => {
      assert.deepEqual(names(of('liveness-probe-missing')), ['Deployment/loadgenerator[main]']);
      assert.deepEqual(names(of('readiness-probe-missing')), ['Deployment/loadgenerator[main]']);
    });
  });

  it('reports nothing else (each finding belongs to a listed gap)', () => {
    const listed = new Set([
      'cpu-requests-missing', 'cpu-limits-missing', 'memory-requests-missing', 'memory-limits-missing', 'image-floating-tag', 'image-pull-policy-mutable-tag',
      'default-service-account', 'service-account-token-automount', 'service-type-load-balancer', 'load-balancer-source-ranges', 'liveness-probe-missing', 'readiness-probe-missing',
    ]);
    assert.deepEqual(describeFindings(findings.filter((f) => !listed.has(f.check))), []);
  });

  it('the pod-level runAsUser 1000 the PROVENANCE calls clean is only reported by the opt-in low-user-id check', async () => {
    const all = (await scan([corpusPath('microservices-demo', 'release', 'kubernetes-manifests.yaml')], catalogueChecks('all'))).findings;
    const low = all.filter((f) => f.check === 'low-user-id');
    assert.equal(low.length, 12);
    assert.ok(catalogueChecks('default').every((c) => c.id !== 'low-user-id'));
  });
});
