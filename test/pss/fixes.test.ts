/**
 * The PSS fixes compose: applying every fix of every finding (safe and unsafe) to a pod, the
 * way `stockade fix --unsafe` and the mutating webhook do, and judging again, leaves only
 * findings that have no fix, within two rounds. Run over every failing upstream fixture at
 * restricted v1.37 and every badPods manifest; and with safe fixes only, the Online Boutique
 * Deployments (which fail restricted only on seccomp) pass restricted after one round.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyFixMerging } from '../../src/admission/patch.js';
import { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';
import { judge, labelOf } from './judge.js';

/** Applies the fixes of one round to a copy of each object; returns the copies. */
function fixRound(objects: KubeObject[], includeUnsafe: boolean): KubeObject[] {
  const inventory = Inventory.of(objects.map((o) => structuredClone(o)));
  const { byEntry } = judge(inventory, 'restricted');
  for (const [entry, findings] of byEntry) {
    for (const finding of findings) {
      if (finding.fix && (includeUnsafe || finding.fixSafety === 'safe')) applyFixMerging(entry.object, finding.fix);
    }
  }
  return inventory.entries.map((e) => e.object);
}

describe('PSS fixes', async () => {
  const root = corpusPath('k8s-pod-security-admission');
  const fixtures = await loadPaths([join(root, 'restricted', 'v1.37', 'fail')]);
  const badpods = await loadPaths([corpusPath('badpods', 'manifests')]);

  for (const [name, loaded, base] of [
    ['upstream restricted v1.37 failing fixtures', fixtures, root],
    ['badPods manifests', badpods, corpusPath('badpods')],
  ] as const) {
    it(`converge on the ${name}: after two rounds only findings without a fix remain`, () => {
      const objects = loaded.inventory.entries.map((e) => e.object);
      const fixed = fixRound(fixRound(objects, true), true);
      const after = judge(Inventory.of(fixed), 'restricted');
      const leftover = [...after.byEntry].flatMap(([entry, findings]) =>
        findings.filter((f) => f.fix).map((f) => `${labelOf(base, loaded.inventory.entries[entry.id]!)}: ${f.check} ${f.location.path}`),
      );
      assert.deepEqual(leftover, []);
      const before = judge(loaded.inventory, 'restricted');
      const count = (j: typeof before) => [...j.byEntry.values()].flat().length;
      assert.ok(count(after) < count(before) / 2, `fixes removed most findings (${count(before)} → ${count(after)})`);
    });
  }

  it('make Online Boutique pass restricted with safe fixes only', async () => {
    const loaded = await loadPaths([corpusPath('microservices-demo', 'release')]);
    const fixed = fixRound(loaded.inventory.entries.map((e) => e.object), false);
    const after = judge(Inventory.of(fixed), 'restricted');
    assert.deepEqual([...after.byEntry.values()].flat().map((f) => `${f.check}: ${f.message}`), []);
  });
});
