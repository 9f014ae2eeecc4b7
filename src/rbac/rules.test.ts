import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeRule, nonResourceURLMatches, parseRule, resourceMatches, ruleAllowsResource, type PolicyRule } from './rules.js';

const rule = (r: Partial<PolicyRule>): PolicyRule => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...r });

// Cases from the authorizer's own matching rules (component-helpers/auth/rbac/validation).
describe('PolicyRule matching', () => {
  it('resources: exact, *, */subresource; pods/* and pods never match pods/exec', () => {
    const cases: [string[], string, string | undefined, boolean][] = [
      [['pods'], 'pods', undefined, true],
      [['pods'], 'pods', 'exec', false],
      [['pods/exec'], 'pods', 'exec', true],
      [['*'], 'pods', 'exec', true],
      [['*/exec'], 'pods', 'exec', true],
      [['*/exec'], 'pods', undefined, false],
      [['pods/*'], 'pods', 'exec', false],
      [['*/exe'], 'pods', 'exec', false],
      [['*/scale'], 'deployments', 'scale', true],
    ];
    for (const [resources, resource, sub, expected] of cases) {
      assert.equal(resourceMatches(rule({ resources }), resource, sub), expected, `${resources} vs ${resource}/${sub}`);
    }
  });

  it('resourceNames: an empty list allows every name; a list never allows a request without a name', () => {
    const named = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['a'] });
    assert.ok(ruleAllowsResource(named, { verb: 'get', apiGroup: '', resource: 'secrets', name: 'a' }));
    assert.ok(!ruleAllowsResource(named, { verb: 'get', apiGroup: '', resource: 'secrets', name: 'b' }));
    assert.ok(!ruleAllowsResource(named, { verb: 'list', apiGroup: '', resource: 'secrets' }));
    assert.ok(!ruleAllowsResource(named, { verb: 'get', apiGroup: '', resource: 'secrets' }));
    // `*` in resourceNames is a name like any other, not a wildcard.
    const star = rule({ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['*'] });
    assert.ok(!ruleAllowsResource(star, { verb: 'get', apiGroup: '', resource: 'secrets', name: 'x' }));
  });

  it('apiGroups and verbs: * matches all, otherwise exact; an unknown group (undefined) matches any', () => {
    const apps = rule({ verbs: ['create'], apiGroups: ['apps'], resources: ['deployments'] });
    assert.ok(ruleAllowsResource(apps, { verb: 'create', apiGroup: 'apps', resource: 'deployments' }));
    assert.ok(!ruleAllowsResource(apps, { verb: 'create', apiGroup: 'extensions', resource: 'deployments' }));
    assert.ok(!ruleAllowsResource(apps, { verb: 'update', apiGroup: 'apps', resource: 'deployments' }));
    assert.ok(ruleAllowsResource(apps, { verb: 'create', apiGroup: undefined, resource: 'deployments' }));
    assert.ok(ruleAllowsResource(rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }), { verb: 'escalate', apiGroup: 'x.io', resource: 'y' }));
  });

  it('nonResourceURLs: exact, *, and a trailing * as a prefix', () => {
    const cases: [string[], string, boolean][] = [
      [['/healthz'], '/healthz', true],
      [['/healthz'], '/healthz/etcd', false],
      [['/healthz/*'], '/healthz/etcd', true],
      [['/healthz/*'], '/healthz', false],
      [['/api*'], '/apis/apps', true],
      [['*'], '/anything', true],
    ];
    for (const [urls, path, expected] of cases) assert.equal(nonResourceURLMatches(rule({ nonResourceURLs: urls }), path), expected, `${urls} vs ${path}`);
  });

  it('parseRule tolerates junk: non-lists become empty, non-strings are dropped', () => {
    assert.deepEqual(parseRule({ verbs: 'get', resources: [1, 'pods', null], apiGroups: null }), rule({ resources: ['pods'] }));
    assert.equal(parseRule('rules'), undefined);
    assert.equal(describeRule(rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] })), 'get deployments.apps [web]');
  });
});
