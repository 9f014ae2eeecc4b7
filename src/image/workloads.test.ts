import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../core/finding.js';
import { Inventory } from '../core/inventory.js';
import type { KubeObject } from '../core/k8s/object.js';
import { distinctImages, findingsForWorkloads, imageUses } from './workloads.js';

const deployment = (name: string, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: { template: { spec: { containers: [{ name: 'app', image }] } } },
});

const inventory = Inventory.of([
  deployment('web', 'nginx'),
  deployment('api', 'docker.io/library/nginx:latest'),
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: { initContainers: [{ name: 'init', image: 'busybox:1.36' }], containers: [{ name: 'main', image: 'nginx:latest' }] } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'bad' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'Not A/Ref' }] } } } } } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { image: 'redis' } },
]);

const vulnerability = (id: string): Finding =>
  ({
    check: 'vulnerable-package',
    code: 'SKD-1001',
    severity: 'high',
    category: 'supply-chain',
    title: 'Package with a known vulnerability',
    message: `libssl3 3.0.11 is affected by ${id}.`,
    resource: { apiVersion: 'oci/v1', kind: 'Image', name: 'docker.io/library/nginx:latest' },
    location: { file: '/var/lib/dpkg/status' },
    frameworks: {},
    remediation: 'Upgrade.',
    fingerprint: 'image-level',
    vulnerability: { id, package: 'libssl3', installed: '3.0.11' },
  }) as Finding;

describe('images of workloads', () => {
  it('lists every container image with its field path, and each distinct image once', () => {
    const { uses, invalid } = imageUses(inventory);
    assert.deepEqual(
      uses.map((u) => `${u.resource.kind}/${u.resource.name} ${u.container} ${u.path.join('.')} ${u.image}`),
      [
        'Deployment/web app spec.template.spec.containers.0.image docker.io/library/nginx:latest',
        'Deployment/api app spec.template.spec.containers.0.image docker.io/library/nginx:latest',
        'Pod/debug init spec.initContainers.0.image docker.io/library/busybox:1.36',
        'Pod/debug main spec.containers.0.image docker.io/library/nginx:latest',
      ],
    );
    assert.deepEqual(distinctImages(uses), ['docker.io/library/nginx:latest', 'docker.io/library/busybox:1.36']);
    assert.equal(invalid.length, 1);
    assert.match(invalid[0].problem, /invalid/);
    assert.equal(invalid[0].use.resource.name, 'bad');
  });

  it('attaches an image finding to every container running the image, each with its own fingerprint', () => {
    const { uses } = imageUses(inventory);
    const findings = findingsForWorkloads(uses, new Map([['docker.io/library/nginx:latest', [vulnerability('DSA-1'), vulnerability('DSA-2')]]]));
    assert.equal(findings.length, 6);
    assert.deepEqual(
      findings.filter((f) => (f.vulnerability as { id: string }).id === 'DSA-1').map((f) => `${f.resource.kind}/${f.resource.name} ${f.container} ${f.location.path} ${f.packageFile}`),
      [
        'Deployment/web app spec.template.spec.containers[0].image /var/lib/dpkg/status',
        'Deployment/api app spec.template.spec.containers[0].image /var/lib/dpkg/status',
        'Pod/debug main spec.containers[0].image /var/lib/dpkg/status',
      ],
    );
    assert.equal(new Set(findings.map((f) => f.fingerprint)).size, 6);
    assert.match(findings[0].message, /image nginx of container "app"/);
  });
});
