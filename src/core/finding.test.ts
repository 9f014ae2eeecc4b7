import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprintOf, hash128 } from './finding.js';

describe('fingerprints', () => {
  it('hash fields as if joined with NUL, without joining', () => {
    assert.equal(hash128(['a', 'b']), hash128('a\u0000b'));
    assert.notEqual(hash128(['a', 'b']), hash128(['ab', '']));
    assert.match(hash128(''), /^[0-9a-f]{32}$/);
  });

  it('are stable for the same problem and differ when any part differs', () => {
    const base = { check: 'privileged-container', resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'a', name: 'web' }, path: 'spec.x', container: 'app' };
    assert.equal(fingerprintOf(base), fingerprintOf({ ...base, resource: { ...base.resource, apiVersion: 'apps/v1beta2' } }), 'the API version is not part of the identity');
    const variants = [
      { ...base, check: 'host-ports' },
      { ...base, resource: { ...base.resource, namespace: 'b' } },
      { ...base, resource: { ...base.resource, name: 'api' } },
      { ...base, path: 'spec.y' },
      { ...base, container: 'sidecar' },
      { ...base, discriminator: 'CVE-1' },
    ];
    const all = new Set([fingerprintOf(base), ...variants.map(fingerprintOf)]);
    assert.equal(all.size, variants.length + 1);
  });
});
