/**
 * Conformance with Kubernetes' own Pod Security Admission fixtures: every pod of every level
 * and policy version (v1.0 … v1.37), as `INDEX.tsv` lists them. A `pass` pod must yield no
 * finding of the level's policy at that version; a `fail` pod must yield at least one, one of
 * them from the check implementing the control the fixture targets, with the wording the
 * upstream integration test expects in the denial.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/finding.js';
import { selectChecks } from '../../src/core/registry.js';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';

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

describe('Pod Security Admission fixtures (k8s-pod-security-admission)', () => {
  it('indexes every level and policy version v1.0 … v1.37 (4,537 pods)', () => {
    assert.equal(rows.length, 4537);
    assert.equal(groups.size, 2 * 38);
  });

  for (const [key, group] of groups) {
    const [level, version] = key.split('/') as [Row['level'], string];
    it(`${level} ${version}: ${group.length} pods judged as Pod Security Admission does`, async () => {
      const { checks, problems } = selectChecks(ALL_CHECKS, { policy: `pss-${level}` });
      assert.deepEqual(problems, []);
      const loaded = await loadPaths([join(root, level, version)]);
      assert.deepEqual(loaded.errors, [], 'every fixture loads');
      const options = { now: new Date('2026-01-15T12:00:00Z'), pssVersion: version, kubeVersion: 'v1.34', settings: {} };
      const result = analyze(loaded.inventory, checks, options, emptyConfig());
      assert.deepEqual(result.problems, [], 'no check fails on a fixture');

      const byFile = new Map<string, Finding[]>();
      for (const entry of loaded.inventory.entries) byFile.set(relative(root, entry.origin.file), []);
      result.findings.forEach((finding, i) => byFile.get(relative(root, result.entries[i]!.origin.file))?.push(finding));

      const mismatches: string[] = [];
      for (const row of group) {
        const findings = byFile.get(row.path);
        if (!findings) {
          mismatches.push(`${row.path}: not loaded`);
          continue;
        }
        const summary = findings.map((f) => `${f.check}: ${f.message}`).join(' | ');
        if (row.expected === 'pass') {
          if (findings.length > 0) mismatches.push(`${row.path}: must pass, got ${summary}`);
          continue;
        }
        const wanted = CHECK_FOR_CONTROL[row.control];
        const matching = findings.filter((f) => f.check === wanted);
        if (matching.length === 0) mismatches.push(`${row.path}: must fail on ${wanted} (${row.control}), got ${summary || 'nothing'}`);
        else if (!matching.some((f) => f.message.includes(row.substring))) {
          mismatches.push(`${row.path}: ${wanted} message lacks "${row.substring}": ${matching[0]!.message}`);
        }
      }
      assert.deepEqual(mismatches, []);
    });
  }
});
