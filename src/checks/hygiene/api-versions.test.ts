import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { API_CHANGES, apiChangeOf, targetMinor } from './api-versions.js';

describe('API change table', () => {
  it('has one entry per apiVersion and kind', () => {
    const keys = API_CHANGES.map((c) => `${c.apiVersion} ${c.kind}`);
    assert.equal(new Set(keys).size, keys.length);
  });
  it('deprecates before it removes', () => {
    for (const c of API_CHANGES) if (c.removedIn !== undefined) assert.ok(c.deprecatedIn < c.removedIn, `${c.apiVersion} ${c.kind}`);
  });
  it('knows the well-known removals', () => {
    assert.equal(apiChangeOf('extensions/v1beta1', 'Ingress')?.removedIn, 22);
    assert.equal(apiChangeOf('policy/v1beta1', 'PodSecurityPolicy')?.removedIn, 25);
    assert.equal(apiChangeOf('autoscaling/v2beta2', 'HorizontalPodAutoscaler')?.removedIn, 26);
    assert.equal(apiChangeOf('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')?.removedIn, 32);
    assert.equal(apiChangeOf('apps/v1', 'Deployment'), undefined);
  });
  it('parses target versions', () => {
    assert.equal(targetMinor('v1.25'), 25);
    assert.equal(targetMinor('1.29.3'), 29);
    assert.equal(targetMinor('latest'), Number.POSITIVE_INFINITY);
    assert.throws(() => targetMinor('2.0'), /expected "latest" or "v1.N"/);
  });
});
