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
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';
import { attributeOf, judge } from './judge.js';

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

describe('badPods (BishopFox) across the eight workload kinds', async () => {
  const loaded = await loadPaths([join(root, 'manifests')]);
  const baseline = judge(loaded.inventory, 'baseline');
  const restricted = judge(loaded.inventory, 'restricted');

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
