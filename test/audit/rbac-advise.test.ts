// audit2rbac's demo log: the RBAC generated for alice must grant exactly what audit2rbac's README
// shows (compared as sets of (namespace, apiGroup, resource, verb, resourceName) grants).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { corpusPath } from '../corpus.js';
import type { AuditEvent } from '../../src/audit/event.js';
import { compareUsage, grantsFor, observedRequests, parseIdentity, rbacObjects, type Identity } from '../../src/audit/rbac-advise.js';
import { loadText } from '../../src/load/index.js';
import { buildRbacModel, describeGrant, permissionsOf, ruleAllowsNonResource, ruleAllowsResource } from '../../src/rbac/index.js';
import { readAuditStream } from '../../src/audit/reader.js';
import { auditEvent } from './events.js';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}
interface RbacObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

/** Every (namespace, group, resource, verb, name) a set of Roles/ClusterRoles grants through bindings to `subject`. */
function grantSet(objects: RbacObject[], subject: { kind: string; name: string }): string[] {
  const out = new Set<string>();
  for (const b of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    if (!b.subjects?.some((s) => s.kind === subject.kind && s.name === subject.name)) continue;
    const role = objects.find((o) => o.kind === b.roleRef?.kind && o.metadata.name === b.roleRef?.name && (o.kind === 'ClusterRole' || o.metadata.namespace === b.metadata.namespace));
    assert.ok(role, `binding ${b.metadata.name} refers to a role that exists`);
    const ns = b.kind === 'RoleBinding' ? (b.metadata.namespace ?? '') : '*';
    for (const r of role.rules ?? []) {
      for (const verb of r.verbs) {
        for (const url of r.nonResourceURLs ?? []) out.add(JSON.stringify(['*', 'url', url, verb, '']));
        for (const g of r.apiGroups ?? []) for (const res of r.resources ?? []) for (const n of r.resourceNames?.length ? r.resourceNames : ['']) out.add(JSON.stringify([ns, g, res, verb, n]));
      }
    }
  }
  return [...out].sort();
}

async function demoEvents(): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  await readAuditStream(createReadStream(corpusPath('k8s-audit-logs', 'audit2rbac', 'demo.log')), 'demo.log', (e) => events.push(e), (p) => assert.fail(p.message));
  return events;
}

describe('rbac-advise against audit2rbac', () => {
  test('alice: equivalent to expected-alice-roles.yaml', async () => {
    const expected = parseAllDocuments(readFileSync(corpusPath('k8s-audit-logs', 'audit2rbac', 'expected-alice-roles.yaml'), 'utf8')).map((d) => d.toJS() as RbacObject);
    const alice: Identity = { kind: 'User', name: 'alice' };
    const ours = rbacObjects(grantsFor(await demoEvents(), alice), alice) as unknown as RbacObject[];
    const want = grantSet(expected, alice);
    assert.equal(want.length, 9);
    assert.deepEqual(grantSet(ours, alice), want);
    assert.deepEqual(ours.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}`), ['Role/ns1', 'RoleBinding/ns1']);
  });

  test('alice did nothing successfully: with onlyAllowed nothing is granted', async () => {
    assert.deepEqual(grantsFor(await demoEvents(), { kind: 'User', name: 'alice' }, { onlyAllowed: true }), []);
  });

  test('bob: discovery URLs and pods in two namespaces become cluster scope; nodes are cluster scoped', async () => {
    const bob: Identity = { kind: 'User', name: 'bob' };
    const objects = rbacObjects(grantsFor(await demoEvents(), bob), bob) as unknown as RbacObject[];
    const grants = grantSet(objects, bob);
    assert.ok(grants.includes(JSON.stringify(['*', '', 'pods', 'list', ''])));
    assert.ok(grants.includes(JSON.stringify(['*', '', 'nodes', 'watch', ''])));
    assert.ok(grants.includes(JSON.stringify(['*', 'url', '/apis/batch/v1', 'get', ''])));
    assert.ok(!grants.some((g) => JSON.parse(g)[3] === 'create'));
    assert.deepEqual(objects.map((o) => o.kind), ['ClusterRole', 'ClusterRoleBinding']);
  });

  test('service account sa1, named gets stay named, and subresources', () => {
    const sa = parseIdentity(undefined, 'ns1/sa1') as Identity;
    const user = { username: 'system:serviceaccount:ns1:sa1' };
    const events = [
      auditEvent({ user, verb: 'get', objectRef: { resource: 'configmaps', namespace: 'app', name: 'settings' } }),
      auditEvent({ user, verb: 'create', objectRef: { resource: 'pods', namespace: 'app', name: 'p', subresource: 'exec' } }),
      auditEvent({ user, verb: 'patch', objectRef: { resource: 'deployments', namespace: 'app', name: 'web', apiGroup: 'apps' } }),
      auditEvent({ user: { username: 'someone-else' }, verb: 'delete', objectRef: { resource: 'secrets', namespace: 'app', name: 'x' } }),
    ];
    const objects = rbacObjects(grantsFor(events, sa), sa) as unknown as RbacObject[];
    const grants = grantSet(objects, { kind: 'ServiceAccount', name: 'sa1' });
    assert.deepEqual(grants, [
      JSON.stringify(['app', '', 'configmaps', 'get', 'settings']),
      JSON.stringify(['app', '', 'pods/exec', 'create', '']),
      JSON.stringify(['app', 'apps', 'deployments', 'get', 'web']),
      JSON.stringify(['app', 'apps', 'deployments', 'patch', 'web']),
      JSON.stringify(['app', 'apps', 'deployments', 'update', 'web']),
    ]);
    assert.deepEqual(objects[1].subjects, [{ kind: 'ServiceAccount', name: 'sa1', namespace: 'ns1' }]);
  });

  test('identity flags', () => {
    assert.equal(typeof parseIdentity(undefined, undefined), 'string');
    assert.equal(typeof parseIdentity('a', 'b/c'), 'string');
    assert.equal(typeof parseIdentity(undefined, 'nope'), 'string');
    assert.deepEqual(parseIdentity('system:serviceaccount:a:b', undefined), { kind: 'ServiceAccount', namespace: 'a', name: 'b' });
  });

  test('stockade audit rbac-advise prints the YAML', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'audit', 'rbac-advise', corpusPath('k8s-audit-logs', 'audit2rbac', 'demo.log'), '--user', 'alice'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as RbacObject);
    assert.deepEqual(grantSet(docs, { kind: 'User', name: 'alice' }).length, 9);
  });
});

const held = `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: ns1 }
rules:
  - apiGroups: [""]
    resources: [pods, configmaps, secrets, services]
    verbs: [get, list, watch, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: alice-reader, namespace: ns1 }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: alice }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: node-reader }
rules:
  - apiGroups: [""]
    resources: [nodes]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: alice-nodes }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: alice }]
`;

describe('--compare: permissions held but never used (RBAC model from src/rbac)', () => {
  test('alice holds more than the demo log shows her using', async () => {
    const model = buildRbacModel(loadText(held, 'rbac.yaml').inventory);
    const alice: Identity = { kind: 'User', name: 'alice' };
    const { requests } = observedRequests(await demoEvents(), alice);
    assert.equal(requests.length, 3);
    const grants = permissionsOf(model, { kind: 'User', name: 'alice' }).grants.map(({ grant }) => ({ via: describeGrant(grant), namespace: grant.namespace, rule: grant.effective }));
    const usage = compareUsage(grants, requests, (rule, r) =>
      r.path !== undefined ? ruleAllowsNonResource(rule, { verb: r.verb, path: r.path }) : ruleAllowsResource(rule, { verb: r.verb, apiGroup: r.apiGroup, resource: r.resource, subresource: r.subresource, name: r.name }),
    );
    const byRole = Object.fromEntries(usage.map((u) => [u.held.via.includes('node-reader') ? 'nodes' : 'reader', u]));
    assert.equal(byRole.nodes.status, 'unused');
    assert.equal(byRole.reader.status, 'partly-used');
    assert.deepEqual(byRole.reader.unusedVerbs, ['get', 'watch', 'delete']);
    assert.deepEqual(byRole.reader.unusedResources, ['services']);
    assert.equal(byRole.reader.used, 3);
  });
});
