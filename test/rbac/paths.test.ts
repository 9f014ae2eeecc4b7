import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildRbacModel, parseSubject } from '../../src/rbac/index.js';
import { actionCount, buildEscalationGraph, pathsFrom, pathsTo, type EscalationPath } from '../../src/rbac/paths.js';
import { describeSubject } from '../../src/rbac/subject.js';
import { corpusPath, repoRoot } from '../corpus.js';
import { loadInventory, rbacFindings } from './helpers.js';

const summary = (p: EscalationPath) => `${describeSubject(p.subject)} ${actionCount(p)}`;

describe('escalation paths (hand-traced fixture)', async () => {
  const inventory = await loadInventory([join(repoRoot, 'test/rbac/fixtures/escalation.yaml')]);
  const graph = buildEscalationGraph(buildRbacModel(inventory));

  it('to cluster-admin: every path, fewest actions first (then fewest steps), with the number of actions', () => {
    assert.deepEqual(pathsTo(graph, 'cluster-admin').map(summary), [
      'User carol 1',
      'ServiceAccount legacy/ci 1',
      'User bob 1',
      'ServiceAccount team/operator 3',
      'User dave 3',
      'User alice 5',
      'ServiceAccount team/deployer 5',
      'ServiceAccount other/builder 6',
    ]);
  });

  it('to every secret: the operator directly, the others through its token', () => {
    assert.deepEqual(pathsTo(graph, 'secrets').map(summary), [
      'ServiceAccount team/operator 1',
      'User alice 3',
      'ServiceAccount team/deployer 3',
      'ServiceAccount other/builder 4',
    ]);
  });

  it('to a node: only where Pod Security does not refuse privileged pods', () => {
    assert.deepEqual(pathsTo(graph, 'nodes').map(summary), ['ServiceAccount other/builder 2']);
  });

  it('each step names the grant that allows it', () => {
    const [toSecrets] = pathsFrom(graph, parseSubject('user:alice'), ['secrets']);
    assert.deepEqual(
      toSecrets!.steps.map((s) => [s.explanation, s.grant ? `${s.grant.binding.kind} ${s.grant.binding.name}` : '']),
      [
        ['can create pods/exec in namespace team', 'RoleBinding alice-exec'],
        ['in Deployment team/operator, reads the token of ServiceAccount team/operator', ''],
        ['can list secrets in every namespace', 'ClusterRoleBinding operator-secrets'],
      ],
    );
  });

  it('from one subject: shortest path to each target it reaches, shortest first', () => {
    assert.deepEqual(
      pathsFrom(graph, parseSubject('sa:other/builder')).map((p) => `${p.target} ${actionCount(p)}`),
      ['nodes 2', 'secrets 4', 'cluster-admin 6'],
    );
    assert.deepEqual(pathsFrom(graph, parseSubject('user:nobody')), []);
  });

  it('paths are findings: one per subject, for the worst target, two or more actions (bob, carol, ci: one action, reported by the grant checks)', () => {
    const found = rbacFindings(inventory)
      .filter((f) => f.check === 'escalation-path')
      .map((f) => `${f.severity} ${(f.subject as { name: string }).name} ${(f.path as { target: string }).target}`)
      .sort();
    assert.deepEqual(found, [
      'critical alice cluster-admin',
      'critical builder cluster-admin',
      'critical dave cluster-admin',
      'critical deployer cluster-admin',
      'critical operator cluster-admin',
    ]);
  });
});

describe('escalation paths in the default policy', async () => {
  const graph = buildEscalationGraph(buildRbacModel(await loadInventory([corpusPath('rbac', 'k8s-bootstrap-policy')])));
  it('only system:masters and the control plane reach cluster-admin', () => {
    const subjects = pathsTo(graph, 'cluster-admin').map((p) => describeSubject(p.subject));
    assert.ok(subjects.includes('Group system:masters'));
    assert.ok(subjects.includes('ServiceAccount kube-system/clusterrole-aggregation-controller'));
    for (const s of subjects) assert.match(s, /^(Group system:masters|ServiceAccount kube-system\/|User system:)/);
  });
  it('no path from every authenticated identity', () => {
    assert.deepEqual(pathsFrom(graph, parseSubject('group:system:authenticated')), []);
    assert.deepEqual(pathsFrom(graph, parseSubject('user:alice')), []);
  });
});
