/**
 * Conformance with Kubernetes' own Pod Security Admission fixtures: every pod of every level
 * and policy version (v1.0 … v1.37), as `INDEX.tsv` lists them. A `pass` pod must yield no
 * finding of the level's policy at that version; a `fail` pod must yield at least one, one of
 * them from the check implementing the control the fixture targets, with the wording the
 * upstream integration test expects in the denial. Upstream also wraps each pod into the
 * workload controllers; so do we (Deployment and CronJob): the verdict must not change.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/core/finding.js';
import { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';
import { judge } from './judge.js';

/** Pod Security Admission check ID → the Stockade check implementing that control. */
const CHECK_FOR_CONTROL: Record<string, string> = {
  allowPrivilegeEscalation: 'privilege-escalation',
  appArmorProfile: 'apparmor-profile',
  capabilities_baseline: 'capabilities-baseline',
  capabilities_restricted: 'capabilities-restricted',
  hostNamespaces: 'host-namespaces',
  hostPathVolumes: 'host-path-volume',
  hostPorts: 'host-ports',
  hostProbesAndHostLifecycle: 'host-probes-lifecycle',
  privileged: 'privileged-container',
  procMount: 'proc-mount',
  procMount_restricted: 'proc-mount-restricted',
  restrictedVolumes: 'restricted-volume-types',
  runAsNonRoot: 'run-as-non-root',
  runAsUser: 'run-as-root-user',
  seLinuxOptions: 'selinux-options',
  seccompProfile_baseline: 'seccomp-baseline',
  seccompProfile_restricted: 'seccomp-restricted',
  sysctls: 'unsafe-sysctls',
  windowsHostProcess: 'windows-host-process',
};

interface Row {
  level: 'baseline' | 'restricted';
  version: string;
  expected: 'pass' | 'fail';
  path: string;
  control: string;
  substring: string;
}

const root = corpusPath('k8s-pod-security-admission');
const rows: Row[] = readFileSync(join(root, 'INDEX.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const [level, version, expected, path, control, substring] = line.split('\t');
    return { level, version, expected, path, control, substring: substring || control } as Row;
  });

const groups = new Map<string, Row[]>();
for (const row of rows) {
  const key = `${row.level}/${row.version}`;
  let list = groups.get(key);
  if (!list) groups.set(key, (list = []));
  list.push(row);
}

/** The fixtures whose verdict differs from the index, each with what was found. */
function mismatches(group: Row[], findingsOf: (path: string) => Finding[] | undefined): string[] {
  const out: string[] = [];
  for (const row of group) {
    const findings = findingsOf(row.path);
    if (!findings) {
      out.push(`${row.path}: not loaded`);
      continue;
    }
    const summary = findings.map((f) => `${f.check}: ${f.message}`).join(' | ');
    if (row.expected === 'pass') {
      if (findings.length > 0) out.push(`${row.path}: must pass, got ${summary}`);
      continue;
    }
    const wanted = CHECK_FOR_CONTROL[row.control];
    const matching = findings.filter((f) => f.check === wanted);
    if (matching.length === 0) out.push(`${row.path}: must fail on ${wanted} (${row.control}), got ${summary || 'nothing'}`);
    else if (!matching.some((f) => f.message.includes(row.substring))) out.push(`${row.path}: ${wanted} message lacks "${row.substring}": ${matching[0]!.message}`);
  }
  return out;
}

/** The pod as a controller's pod template: metadata (annotations) and spec move as they are. */
function wrapped(pod: KubeObject, kind: 'Deployment' | 'CronJob'): KubeObject {
  const template = { metadata: pod.metadata, spec: pod.spec };
  const metadata = { name: pod.metadata?.name };
  return kind === 'Deployment'
    ? { apiVersion: 'apps/v1', kind, metadata, spec: { selector: { matchLabels: { app: 'x' } }, template } }
    : { apiVersion: 'batch/v1', kind, metadata, spec: { schedule: '@daily', jobTemplate: { spec: { template } } } };
}

describe('Pod Security Admission fixtures (k8s-pod-security-admission)', () => {
  it('indexes every level and policy version v1.0 … v1.37 (4,537 pods)', () => {
    assert.equal(rows.length, 4537);
    assert.equal(groups.size, 2 * 38);
  });

  for (const level of ['baseline', 'restricted'] as const) {
    it(`${level}: latest and versions beyond v1.37 judge as v1.37, the newest policy`, async () => {
      const group = groups.get(`${level}/v1.37`)!;
      const loaded = await loadPaths([join(root, level, 'v1.37')]);
      for (const version of ['latest', 'v1.38', 'v1.99']) {
        const { byEntry } = judge(loaded.inventory, level, version);
        const byPath = new Map([...byEntry].map(([entry, findings]) => [relative(root, entry.origin.file), findings]));
        assert.deepEqual(mismatches(group, (path) => byPath.get(path)), [], `as ${version}`);
      }
    });
  }

  for (const [key, group] of groups) {
    const [level, version] = key.split('/') as [Row['level'], string];
    it(`${level} ${version}: ${group.length} pods judged as Pod Security Admission does, as Pods, Deployments and CronJobs`, async () => {
      const loaded = await loadPaths([join(root, level, version)]);
      assert.deepEqual(loaded.errors, [], 'every fixture loads');
      const pathOf = new Map(loaded.inventory.entries.map((entry) => [entry.object, relative(root, entry.origin.file)]));
      const pods = loaded.inventory.entries.map((entry) => entry.object);
      for (const inventory of [loaded.inventory, Inventory.of(pods.map((p) => wrapped(p, 'Deployment'))), Inventory.of(pods.map((p) => wrapped(p, 'CronJob')))]) {
        const kind = inventory.entries[0]!.object.kind;
        const { byEntry, problems } = judge(inventory, level, version);
        assert.deepEqual(problems, [], 'no check fails on a fixture');
        const byPath = new Map<string, Finding[]>();
        inventory.entries.forEach((entry, i) => byPath.set(pathOf.get(pods[i]!)!, byEntry.get(entry)!));
        assert.deepEqual(mismatches(group, (path) => byPath.get(path)), [], `as ${kind}`);
      }
    });
  }
});
