/**
 * BishopFox badPods: 8 dangerous pods written as all eight workload kinds. Each manifest must
 * get exactly the host/privileged findings its `EXPECTED.tsv` row names (hostNetwork, hostPID,
 * hostIPC, privileged, hostPath `/`), `nothing-allowed` none of them, and the baseline and
 * restricted verdicts the row states; the headless Services beside the StatefulSets get nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/finding.js';
import type { InventoryEntry } from '../../src/core/inventory.js';
import { isRecord } from '../../src/core/k8s/object.js';
import { getAt, parsePath } from '../../src/core/path.js';
import { selectChecks } from '../../src/core/registry.js';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';

interface Row {
  path: string;
  kind: string;
  expected: string[];
  baseline: 'pass' | 'fail';
  restricted: 'pass' | 'fail';
}

const root = corpusPath('badpods');
const rows: Row[] = readFileSync(join(root, 'EXPECTED.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const [path, kind, , , findings, baseline, restricted] = line.split('\t');
    return { path: path!, kind: kind!, expected: findings === '-' ? [] : findings!.split(','), baseline, restricted } as Row;
  });

const options = { now: new Date('2026-01-15T12:00:00Z'), pssVersion: 'latest', kubeVersion: 'v1.34', settings: {} };

/** The badPods attribute a finding stands for: `hostPID`, `privileged`, `hostPath(/)`, … */
function attributeOf(finding: Finding, entry: InventoryEntry): string | undefined {
  const path = finding.location.path ?? '';
  switch (finding.check) {
    case 'host-namespaces':
      return path.slice(path.lastIndexOf('.') + 1);
    case 'privileged-container':
      return 'privileged';
    case 'host-path-volume': {
      const source = getAt(entry.object, parsePath(path));
      return `hostPath(${isRecord(source) ? String(source.path) : '?'})`;
    }
    default:
      return undefined;
  }
}

describe('badPods (BishopFox) across the eight workload kinds', async () => {
  const loaded = await loadPaths([join(root, 'manifests')]);
  const judged = (policy: string) => {
    const { checks } = selectChecks(ALL_CHECKS, { policy });
    const result = analyze(loaded.inventory, checks, options, emptyConfig());
    const byEntry = new Map<InventoryEntry, Finding[]>(loaded.inventory.entries.map((entry) => [entry, []]));
    result.findings.forEach((finding, i) => byEntry.get(result.entries[i]!)?.push(finding));
    return { byEntry, problems: result.problems };
  };
  const baseline = judged('pss-baseline');
  const restricted = judged('pss-restricted');

  const entryFor = (row: Row) =>
    loaded.inventory.entries.find((entry) => relative(root, entry.origin.file) === row.path && entry.object.kind === row.kind);

  it('loads all 128 workloads and their 16 Services without errors', () => {
    assert.deepEqual(loaded.errors, []);
    assert.equal(rows.length, 128);
    assert.equal(loaded.inventory.entries.filter((e) => e.object.kind === 'Service').length, 16);
    assert.deepEqual([...baseline.problems, ...restricted.problems], []);
  });

  for (const row of rows) {
    it(`${row.path}: ${row.expected.join(', ') || 'no host or privileged attribute'}`, () => {
      const entry = entryFor(row);
      assert.ok(entry, `${row.kind} in ${row.path} is loaded`);
      const found = new Set(restricted.byEntry.get(entry)!.map((f) => attributeOf(f, entry)).filter((a) => a !== undefined));
      assert.deepEqual([...found].sort(), [...row.expected].sort());
      assert.equal(baseline.byEntry.get(entry)!.length > 0 ? 'fail' : 'pass', row.baseline, 'baseline verdict');
      assert.equal(restricted.byEntry.get(entry)!.length > 0 ? 'fail' : 'pass', row.restricted, 'restricted verdict');
    });
  }

  it('reports nothing on the Services (not workloads)', () => {
    const services = loaded.inventory.entries.filter((e) => e.object.kind === 'Service');
    assert.deepEqual(services.flatMap((e) => restricted.byEntry.get(e)!.map((f) => f.check)), []);
  });
});
