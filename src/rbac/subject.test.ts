import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../core/errors.js';
import { conflictingDutiesOf } from './conflicts.js';
import { parseWhoCanQuery } from './query.js';
import { parseSubject } from './subject.js';

describe('command-line parsing', () => {
  it('subjects: user:, group:, sa:<ns>/<name>; a service account user name is the SA', () => {
    assert.deepEqual(parseSubject('user:alice'), { kind: 'User', name: 'alice' });
    assert.deepEqual(parseSubject('group:system:masters'), { kind: 'Group', name: 'system:masters' });
    assert.deepEqual(parseSubject('sa:team/app'), { kind: 'ServiceAccount', name: 'app', namespace: 'team' });
    assert.deepEqual(parseSubject('user:system:serviceaccount:team:app'), { kind: 'ServiceAccount', name: 'app', namespace: 'team' });
    for (const bad of ['alice', 'user:', 'sa:app', 'sa:/app', 'sa:team/', 'robot:r2']) assert.throws(() => parseSubject(bad), UsageError, bad);
  });

  it('who-can targets: singular and short names, groups, subresources, URLs', () => {
    assert.deepEqual(parseWhoCanQuery('get', 'pod'), { verb: 'get', resource: 'pods', apiGroup: '' });
    assert.deepEqual(parseWhoCanQuery('list', 'deploy'), { verb: 'list', resource: 'deployments', apiGroup: 'apps' });
    assert.deepEqual(parseWhoCanQuery('create', 'pods/exec', { namespace: 'x' }), { verb: 'create', resource: 'pods', apiGroup: '', subresource: 'exec', namespace: 'x' });
    assert.deepEqual(parseWhoCanQuery('get', 'gateways.gateway.networking.k8s.io'), { verb: 'get', resource: 'gateways', apiGroup: 'gateway.networking.k8s.io' });
    assert.deepEqual(parseWhoCanQuery('get', 'widgets'), { verb: 'get', resource: 'widgets' });
    assert.deepEqual(parseWhoCanQuery('get', '/healthz'), { verb: 'get', nonResourceURL: '/healthz' });
    for (const bad of ['pods/', 'a/b/c', '/']) {
      if (bad === '/') assert.deepEqual(parseWhoCanQuery('get', bad), { verb: 'get', nonResourceURL: '/' });
      else assert.throws(() => parseWhoCanQuery('get', bad), UsageError, bad);
    }
    assert.throws(() => parseWhoCanQuery('get', '/healthz', { name: 'x' }), UsageError);
  });

  it('rbac.conflictingDuties: pairs or {duties, reason}; unknown duties and malformed entries named', () => {
    assert.deepEqual(conflictingDutiesOf({}), []);
    assert.deepEqual(conflictingDutiesOf({ rbac: { conflictingDuties: [['change-rbac', 'approve-certificates'], { duties: ['read-secrets', 'deploy-workloads'], reason: 'r' }] } }), [
      { duties: ['change-rbac', 'approve-certificates'] },
      { duties: ['read-secrets', 'deploy-workloads'], reason: 'r' },
    ]);
    assert.throws(() => conflictingDutiesOf({ rbac: { conflictingDuties: [['change-rbac']] } }), /conflictingDuties\[0\]: expected two duty ids/);
    assert.throws(() => conflictingDutiesOf({ rbac: { conflictingDuties: [['change-rbac', 'x']] } }), /unknown duty "x"/);
    assert.throws(() => conflictingDutiesOf({ rbac: { conflictingDuties: 'all' } }), /expected a list/);
    assert.throws(() => conflictingDutiesOf({ rbac: 3 }), /rbac: expected a mapping/);
  });
});
