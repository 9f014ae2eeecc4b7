import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeObject, describeRef, refOf, type KubeObject } from './object.js';
import { describeWorkload, workloadOf } from './workload.js';

const deployment = (metadata: KubeObject['metadata']): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata,
  spec: { template: { spec: { containers: [{ name: 'app' }] } } },
});

describe('describeObject', () => {
  it('names objects as describeRef names their references', () => {
    for (const metadata of [{ name: 'web', namespace: 'shop' }, { name: 'web' }, { name: 'web', namespace: '' }, { generateName: 'web-' }, undefined]) {
      const object = deployment(metadata);
      assert.equal(describeObject(object), describeRef(refOf(object)));
    }
    assert.equal(describeObject(deployment({ name: 'web', namespace: 'shop' })), 'Deployment shop/web');
  });
});

describe('describeWorkload', () => {
  it('describes each workload view, one after another and back', () => {
    const web = workloadOf(deployment({ name: 'web', namespace: 'shop' }))!;
    const api = workloadOf(deployment({ name: 'api' }))!;
    assert.equal(describeWorkload(web), 'Deployment shop/web');
    assert.equal(describeWorkload(web), 'Deployment shop/web');
    assert.equal(describeWorkload(api), 'Deployment api');
    assert.equal(describeWorkload(web), 'Deployment shop/web');
  });
});
