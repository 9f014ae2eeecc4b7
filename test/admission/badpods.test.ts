/**
 * BishopFox badPods through the webhook: eight dangerous pods written as all eight workload
 * kinds, each sent as the AdmissionReview the API server would send for it. With the PSS
 * policies, the webhook must deny exactly the manifests `EXPECTED.tsv` marks as failing Pod
 * Security Admission at that level; with the default policy it must deny every manifest that
 * has a host or privileged attribute and admit `nothing-allowed`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';
import { admissionReview } from './fixtures.js';
import { controller, decide } from './helpers.js';

const root = corpusPath('badpods');
const rows = readFileSync(join(root, 'EXPECTED.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [path, kind, , badPod, findings, baseline, restricted] = l.split('\t');
    return { path: path!, kind: kind!, badPod: badPod!, dangerous: findings !== '-', baseline: baseline!, restricted: restricted! };
  });

/**
 * Resource and served version per kind. The webhook's rules register v1 with
 * `matchPolicy: Equivalent`, so the API server converts a `batch/v1beta1` CronJob to
 * `batch/v1` before sending it: the review carries the served version.
 */
const RESOURCES: Record<string, [string, string]> = {
  Pod: ['pods', 'v1'],
  Deployment: ['deployments', 'apps/v1'],
  StatefulSet: ['statefulsets', 'apps/v1'],
  DaemonSet: ['daemonsets', 'apps/v1'],
  ReplicaSet: ['replicasets', 'apps/v1'],
  ReplicationController: ['replicationcontrollers', 'v1'],
  Job: ['jobs', 'batch/v1'],
  CronJob: ['cronjobs', 'batch/v1'],
};

describe('badPods through the webhook (8 workload kinds)', async () => {
  const loaded = await loadPaths([join(root, 'manifests')]);
  const objectOf = (row: (typeof rows)[number]) => loaded.inventory.entries.find((e) => relative(root, e.origin.file) === row.path && e.object.kind === row.kind)?.object;

  it('has every kind', () => {
    assert.deepEqual([...new Set(rows.map((r) => r.kind))].sort(), Object.keys(RESOURCES).sort());
  });

  for (const [policy, column] of [['pss-baseline', 'baseline'], ['pss-restricted', 'restricted'], ['default', undefined]] as const) {
    it(`policy ${policy}`, async () => {
      const c = controller(`policy: ${policy}\nfailOn: ${column ? 'info' : 'high'}\n`);
      const wrong: string[] = [];
      for (const row of rows) {
        const object = objectOf(row);
        assert.ok(object, row.path);
        const [resource, apiVersion] = RESOURCES[row.kind]!;
        const review = admissionReview({ ...object, apiVersion, metadata: { ...(object.metadata ?? {}), namespace: 'tenant' } }, { resource });
        const { response } = await decide(c, 'validate', review);
        const shouldDeny = column ? row[column] === 'fail' : row.dangerous;
        if (!response.allowed !== shouldDeny) wrong.push(`${row.path}: expected ${shouldDeny ? 'deny' : 'allow'}, got ${response.allowed ? 'allow' : `deny (${response.status?.message})`}`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});
