import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atOrAbove } from '../../src/core/finding.js';
import { buildRbacModel, can, parseWhoCanQuery, permissionsOf, whoCan, type RbacModel } from '../../src/rbac/index.js';
import { corpusPath } from '../corpus.js';
import { loadText } from '../../src/load/index.js';
import { loadInventory, rbacFindings } from './helpers.js';

/** The facts PROVENANCE lists for Kubernetes' default policy, read back from the model. */
describe('Kubernetes bootstrap policy', async () => {
  const inventory = await loadInventory([corpusPath('rbac', 'k8s-bootstrap-policy')]);
  const model: RbacModel = buildRbacModel(inventory);
  const clusterRole = (name: string) => model.roles.get(`ClusterRole:${name}`)!;
  const allows = (role: string, verb: string, resource: string, group = '', subresource?: string) =>
    clusterRole(role).rules.some(({ rule }) => {
      const combined = subresource ? `${resource}/${subresource}` : resource;
      return (
        (rule.verbs.includes(verb) || rule.verbs.includes('*')) &&
        (rule.apiGroups.includes(group) || rule.apiGroups.includes('*')) &&
        (rule.resources.includes(combined) || rule.resources.includes('*')) &&
        rule.resourceNames.length === 0
      );
    });

  it('loads 69 ClusterRoles, 7 Roles, 55 bindings', () => {
    const kinds = [...model.roles.values()].reduce<Record<string, number>>((acc, r) => ((acc[r.kind] = (acc[r.kind] ?? 0) + 1), acc), {});
    assert.deepEqual(kinds, { ClusterRole: 69, Role: 7 });
    assert.equal(model.bindings.length, 55);
  });

  it('aggregates view into edit into admin: edit and admin hold every rule of the roles aggregated into them', () => {
    const view = clusterRole('view').rules.length;
    const edit = clusterRole('edit').rules.length;
    const admin = clusterRole('admin').rules.length;
    assert.ok(view > 0 && edit > view && admin > edit, `view ${view}, edit ${edit}, admin ${admin}`);
    const sources = (name: string) => new Set(clusterRole(name).rules.map((r) => r.source.name));
    assert.deepEqual([...sources('view')].sort(), ['system:aggregate-to-view']);
    assert.deepEqual([...sources('edit')].sort(), ['system:aggregate-to-edit', 'system:aggregate-to-view']);
    assert.deepEqual([...sources('admin')].sort(), ['system:aggregate-to-admin', 'system:aggregate-to-edit', 'system:aggregate-to-view']);
  });

  it('edit (and so admin) can read secrets, impersonate service accounts, exec and attach, mint tokens', () => {
    for (const role of ['edit', 'admin']) {
      assert.ok(allows(role, 'get', 'secrets'), `${role} get secrets`);
      assert.ok(allows(role, 'list', 'secrets'), `${role} list secrets`);
      assert.ok(allows(role, 'impersonate', 'serviceaccounts'), `${role} impersonate`);
      assert.ok(allows(role, 'create', 'pods', '', 'exec'), `${role} pods/exec`);
      assert.ok(allows(role, 'create', 'pods', '', 'attach'), `${role} pods/attach`);
      assert.ok(allows(role, 'create', 'serviceaccounts', '', 'token'), `${role} serviceaccounts/token`);
    }
    assert.ok(!allows('view', 'get', 'secrets'), 'view must not read secrets');
  });

  it('who-can * * is exactly system:masters (through the built-in rule and cluster-admin)', () => {
    const subjects = whoCan(model, { verb: '*', resource: '*', apiGroup: '*' });
    assert.deepEqual(
      subjects.map((s) => `${s.subject.kind} ${s.subject.name}`),
      ['Group system:masters'],
    );
    assert.deepEqual(
      subjects[0]!.grants.map((g) => g.binding.name),
      ['cluster-admin'],
    );
  });

  it('who-can get /healthz includes the unauthenticated and authenticated groups; /metrics is not public', () => {
    const names = whoCan(model, parseWhoCanQuery('get', '/healthz')).map((s) => s.subject.name);
    assert.ok(names.includes('system:unauthenticated') && names.includes('system:authenticated'));
    assert.ok(!whoCan(model, parseWhoCanQuery('get', '/metrics')).some((s) => s.subject.name === 'system:unauthenticated'));
  });

  it('the clusterrole-aggregation controller can escalate clusterroles; the kubelet API admin role holds nodes/proxy', () => {
    assert.ok(allows('system:controller:clusterrole-aggregation-controller', 'escalate', 'clusterroles', 'rbac.authorization.k8s.io'));
    assert.ok(allows('system:kubelet-api-admin', 'create', 'nodes', '', 'proxy'));
  });

  it('the system:node binding has no subjects; the dangling roleRef is reported', () => {
    const node = model.bindings.find((b) => b.name === 'system:node')!;
    assert.deepEqual(node.subjects, []);
    assert.deepEqual(
      model.problems.map((p) => `${p.kind} ${p.entry.object.metadata?.name}`),
      ['dangling-role-ref system:controller:podcheckpoint-controller'],
    );
  });

  it('service accounts act through their implicit groups: any SA may create selfsubjectaccessreviews', () => {
    const sa = { kind: 'ServiceAccount' as const, name: 'x', namespace: 'team' };
    assert.ok(can(model, sa, { kind: 'resource', verb: 'create', apiGroup: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }));
    assert.ok(!can(model, sa, { kind: 'resource', verb: 'get', apiGroup: '', resource: 'secrets' }, 'team'));
    assert.ok(permissionsOf(model, { kind: 'Group', name: 'system:masters' }).allPowerful);
  });

  it('scanning the default policy alone gives no high or critical finding; the dangling roleRef is a low one', () => {
    const findings = rbacFindings(inventory);
    assert.deepEqual(findings.filter((f) => atOrAbove(f.severity, 'high')).map((f) => f.message), []);
    assert.deepEqual(
      findings.map((f) => `${f.check} ${f.resource.name}`),
      ['dangling-role-ref system:controller:podcheckpoint-controller'],
    );
  });

  it('the default roles bound to unexpected subjects are reported: edit to every authenticated user, a controller role to a person', async () => {
    const withExtra = await loadInventory([corpusPath('rbac', 'k8s-bootstrap-policy')]);
    loadText(
      `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: everyone-edits}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: "system:authenticated"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: alice-aggregates}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:controller:clusterrole-aggregation-controller"}
subjects: [{kind: User, name: alice}]`,
      'extra.yaml',
      withExtra,
    );
    const reported = rbacFindings(withExtra)
      .filter((f) => atOrAbove(f.severity, 'high'))
      .map((f) => `${f.severity} ${f.check} ${f.resource.name}`)
      .sort();
    assert.deepEqual(reported, [
      'critical escalate-bind alice-aggregates',
      // edit can impersonate any service account, kube-system's controllers included.
      'critical escalation-path everyone-edits',
      'critical impersonate everyone-edits',
      'critical secrets-read everyone-edits',
      'critical token-create everyone-edits',
      'high authenticated-broad-grant everyone-edits',
      'high pod-create everyone-edits',
      'high pod-exec everyone-edits',
      'high rbac-write alice-aggregates',
    ]);
  });
});
