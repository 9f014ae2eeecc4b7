import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Inventory } from '../core/inventory.js';
import type { KubeObject } from '../core/k8s/object.js';
import { buildRbacModel } from './model.js';
import { can, parseWhoCanQuery, permissionsOf, whoCan } from './query.js';
import { parseSubject } from './subject.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const clusterRole = (name: string, rules: unknown, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name, ...extra }, rules });
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, roleRef: unknown, subjects: unknown, namespace?: string): KubeObject => ({
  apiVersion: RBAC,
  kind,
  metadata: namespace ? { name, namespace } : { name },
  roleRef,
  subjects,
});
const names = (model: ReturnType<typeof buildRbacModel>, verb: string, target: string, options = {}) =>
  whoCan(model, parseWhoCanQuery(verb, target, options)).map((a) => `${a.subject.kind}:${a.subject.namespace ? `${a.subject.namespace}/` : ''}${a.subject.name}`);

describe('RBAC model: regressions other tools got wrong', () => {
  it('system:masters can do anything even with no binding at all', () => {
    const model = buildRbacModel(Inventory.of([]));
    assert.deepEqual(names(model, 'delete', 'nodes'), ['Group:system:masters']);
    assert.ok(can(model, parseSubject('group:system:masters'), { kind: 'nonResource', verb: 'get', path: '/debug' }));
  });

  it('a RoleBinding to a ClusterRole grants its rules in the binding namespace only, never cluster-scoped ones', () => {
    const model = buildRbacModel(
      Inventory.of([
        clusterRole('reader', [{ apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get'] }, { nonResourceURLs: ['/metrics'], verbs: ['get'] }]),
        binding('RoleBinding', 'b', { kind: 'ClusterRole', name: 'reader' }, [{ kind: 'User', name: 'alice' }], 'team'),
      ]),
    );
    assert.deepEqual(names(model, 'get', 'pods', { namespace: 'team' }), ['Group:system:masters', 'User:alice']);
    assert.deepEqual(names(model, 'get', 'pods', { namespace: 'other' }), ['Group:system:masters']);
    assert.deepEqual(names(model, 'get', 'nodes'), ['Group:system:masters']);
    assert.deepEqual(names(model, 'get', '/metrics'), ['Group:system:masters']);
    const alice = permissionsOf(model, parseSubject('user:alice'));
    assert.deepEqual(alice.grants.map((g) => [g.grant.namespace, g.grant.effective.resources]), [['team', ['pods']]]);
  });

  it('aggregation is transitive, matchExpressions count, cycles and self-selection end', () => {
    const model = buildRbacModel(
      Inventory.of([
        { ...clusterRole('top', null), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { tier: 'mid' } }] } },
        { ...clusterRole('mid', null, { labels: { tier: 'mid' } }), aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['leaf', 'mid'] }] }] } },
        clusterRole('leaf', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }], { labels: { tier: 'leaf' } }),
        { ...clusterRole('loop-a', null, { labels: { loop: 'a' } }), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { loop: 'b' } }] } },
        { ...clusterRole('loop-b', [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }], { labels: { loop: 'b' } }), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { loop: 'a' } }] } },
        binding('ClusterRoleBinding', 'top', { kind: 'ClusterRole', name: 'top' }, [{ kind: 'Group', name: 'ops' }]),
      ]),
    );
    assert.deepEqual(names(model, 'get', 'secrets'), ['Group:ops', 'Group:system:masters']);
    const top = model.roles.get('ClusterRole:top')!;
    assert.deepEqual(top.rules.map((r) => r.source.name), ['leaf']);
    // Two aggregated roles selecting each other: neither has rules of its own that count (the controller overwrites them).
    assert.deepEqual(model.roles.get('ClusterRole:loop-a')!.rules, []);
  });

  it('service-account subjects: namespace defaults to the binding; the SA user name is the SA', () => {
    const model = buildRbacModel(
      Inventory.of([
        { apiVersion: RBAC, kind: 'Role', metadata: { name: 'r', namespace: 'team' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] },
        binding('RoleBinding', 'b', { kind: 'Role', name: 'r' }, [{ kind: 'ServiceAccount', name: 'app' }, { kind: 'User', name: 'system:serviceaccount:team:web' }], 'team'),
      ]),
    );
    assert.deepEqual(names(model, 'get', 'configmaps'), ['Group:system:masters', 'ServiceAccount:team/app', 'ServiceAccount:team/web']);
    assert.ok(can(model, parseSubject('user:system:serviceaccount:team:web'), { kind: 'resource', verb: 'get', apiGroup: '', resource: 'configmaps' }, 'team'));
  });

  it('subjects keep their positions in the object past invalid ones; accounts whose namespace/name meet at a slash are one subject', () => {
    const model = buildRbacModel(
      Inventory.of([
        clusterRole('r', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
        binding('ClusterRoleBinding', 'b', { kind: 'ClusterRole', name: 'r' }, [
          { kind: 'Robot', name: 'r2' },
          { kind: 'User', name: 'u' },
          { kind: 'ServiceAccount', name: 'b/c', namespace: 'a' },
          { kind: 'ServiceAccount', name: 'c', namespace: 'a/b' },
        ]),
      ]),
    );
    const [bound] = model.bindings;
    assert.deepEqual(bound!.subjectIndexes, [1, 2, 3]);
    assert.equal(bound!.subjects[1], bound!.subjects[2]);
    assert.deepEqual(names(model, 'get', 'pods'), ['Group:system:masters', 'ServiceAccount:a/b/c', 'User:u']);
  });

  it('implicit groups: every service account is in system:serviceaccounts[:ns] and system:authenticated; anonymous only in unauthenticated', () => {
    const model = buildRbacModel(
      Inventory.of([
        clusterRole('r', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }]),
        binding('ClusterRoleBinding', 'b', { kind: 'ClusterRole', name: 'r' }, [{ kind: 'Group', name: 'system:serviceaccounts:team' }]),
        binding('ClusterRoleBinding', 'c', { kind: 'ClusterRole', name: 'r' }, [{ kind: 'Group', name: 'system:authenticated' }]),
      ]),
    );
    const list = { kind: 'resource' as const, verb: 'list', apiGroup: '', resource: 'configmaps' };
    assert.deepEqual(permissionsOf(model, parseSubject('sa:team/x')).grants.map((g) => g.as.name), ['system:serviceaccounts:team', 'system:authenticated']);
    assert.ok(can(model, parseSubject('user:bob'), list));
    assert.ok(!can(model, parseSubject('user:system:anonymous'), list));
  });

  it('dangling roleRefs, wrong kinds and malformed subjects are reported, not crashed on', () => {
    const model = buildRbacModel(
      Inventory.of([
        binding('ClusterRoleBinding', 'gone', { kind: 'ClusterRole', name: 'nope' }, [{ kind: 'User', name: 'a' }]),
        binding('ClusterRoleBinding', 'wrong', { kind: 'Role', name: 'r' }, [{ kind: 'User', name: 'a' }]),
        binding('RoleBinding', 'junk', 'cluster-admin', [], 'x'),
        binding('ClusterRoleBinding', 'subjects', { kind: 'ClusterRole', name: 'nope' }, [{ kind: 'Robot', name: 'r2' }, 'x', { kind: 'ServiceAccount', name: 'no-ns' }]),
        { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'bad-selector' }, aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Near' }] }] } },
        { apiVersion: RBAC, kind: 'Role', rules: 'everything' },
      ]),
    );
    assert.deepEqual(
      model.problems.map((p) => p.kind),
      ['invalid-selector', 'dangling-role-ref', 'invalid-role-ref', 'invalid-subject', 'invalid-subject', 'invalid-subject', 'dangling-role-ref', 'invalid-role-ref'],
    );
  });

  it('random garbage in RBAC-shaped objects never throws', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const junk = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.2) return [null, 1, 'x', true, '*', ''][Math.floor(rnd() * 6)];
      if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => junk(depth + 1));
      return Object.fromEntries(['kind', 'name', 'namespace', 'verbs', 'resources', 'apiGroups', 'rules', 'subjects', 'roleRef', 'matchLabels'].filter(() => rnd() < 0.4).map((k) => [k, junk(depth + 1)]));
    };
    for (let i = 0; i < 300; i++) {
      const kind = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'][i % 4]!;
      const object = { apiVersion: RBAC, kind, metadata: junk(1), rules: junk(1), roleRef: junk(1), subjects: junk(1), aggregationRule: junk(1) } as KubeObject;
      const model = buildRbacModel(Inventory.of([object, clusterRole('x', junk(1))]));
      whoCan(model, parseWhoCanQuery('get', 'pods'));
      whoCan(model, parseWhoCanQuery('get', '/x'));
    }
  });

  it('a binding to a default role the manifests do not define grants what the cluster default grants, extended by aggregate-to labels', () => {
    const model = buildRbacModel(
      Inventory.of([
        binding('RoleBinding', 'devs', { kind: 'ClusterRole', name: 'edit' }, [{ kind: 'Group', name: 'devs' }], 'team'),
        clusterRole('widgets', [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['delete'] }], {
          labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
        }),
      ]),
    );
    assert.deepEqual(names(model, 'get', 'secrets', { namespace: 'team' }), ['Group:devs', 'Group:system:masters']);
    assert.deepEqual(names(model, 'impersonate', 'serviceaccounts', { namespace: 'team' }), ['Group:devs', 'Group:system:masters']);
    assert.deepEqual(names(model, 'delete', 'widgets.example.com', { namespace: 'team' }), ['Group:devs', 'Group:system:masters']);
    // edit does not change RBAC; admin (not bound) does.
    assert.deepEqual(names(model, 'create', 'rolebindings', { namespace: 'team' }), ['Group:system:masters']);
    assert.deepEqual(model.problems, []);
  });

  it("the manifests' own definition of a default role wins over the built-in one", () => {
    const model = buildRbacModel(
      Inventory.of([
        binding('ClusterRoleBinding', 'viewers', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', name: 'v' }]),
        clusterRole('view', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]),
      ]),
    );
    assert.deepEqual(names(model, 'get', 'configmaps'), ['Group:system:masters', 'User:v']);
    assert.deepEqual(names(model, 'get', 'pods'), ['Group:system:masters']);
  });

  it('rules that differ only in empty lists or in separator characters stay distinct (the model shares identical rules among roles)', () => {
    const rule = (extra: Record<string, unknown>) => ({ resources: ['secrets'], verbs: ['get'], ...extra });
    const model = buildRbacModel(
      Inventory.of([
        clusterRole('core', [rule({ apiGroups: [''] })]),
        clusterRole('no-group', [rule({ apiGroups: [] })]),
        clusterRole('joined-verbs', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get\u0000list'] }]),
        clusterRole('core-again', [rule({ apiGroups: [''] })]),
        ...['core', 'no-group', 'joined-verbs', 'core-again'].map((role) => binding('ClusterRoleBinding', role, { kind: 'ClusterRole', name: role }, [{ kind: 'User', name: role }])),
      ]),
    );
    assert.deepEqual(names(model, 'get', 'secrets'), ['Group:system:masters', 'User:core', 'User:core-again']);
    assert.deepEqual(names(model, 'list', 'secrets'), ['Group:system:masters']);
    const [core, again] = ['core', 'core-again'].map((name) => model.roles.get(`ClusterRole:${name}`)!.ownRules[0]);
    assert.equal(core, again);
  });
});
