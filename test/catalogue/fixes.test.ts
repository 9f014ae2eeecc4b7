import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Check } from '../../src/core/check.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import { Inventory } from '../../src/core/inventory.js';
import { applyPatch } from '../../src/core/json-patch.js';
import { isKubeObject, type KubeObject } from '../../src/core/k8s/object.js';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';
import { catalogueChecks, describeFindings, OPTIONS, scan } from './scan.js';

/**
 * The fixes of these checks, applied to real manifests one check after another (as a fix loop
 * does), leave objects that still look like Kubernetes objects and on which no check reports a
 * fixable problem any more: every fix repairs what it claims to.
 */
const CORPORA: string[][] = [['kubernetes-goat', 'scenarios'], ['microservices-demo', 'release'], ['badpods']];

function fixAll(objects: KubeObject[], checks: readonly Check[]): { objects: KubeObject[]; applied: number } {
  let applied = 0;
  let current = objects.map((o) => structuredClone(o));
  for (const check of checks) {
    const inventory = Inventory.of(current);
    const result = analyze(inventory, [check], OPTIONS, emptyConfig());
    const byEntry = new Map<number, NonNullable<(typeof result.findings)[number]['fix']>>();
    result.findings.forEach((finding, i) => {
      const entry = result.entries[i];
      if (!finding.fix || !entry) return;
      byEntry.set(entry.id, [...(byEntry.get(entry.id) ?? []), ...finding.fix]);
      applied++;
    });
    current = current.map((object, id) => {
      const ops = byEntry.get(id);
      if (!ops) return object;
      const fixed = applyPatch(structuredClone(object), ops);
      assert.ok(isKubeObject(fixed), `${check.id}: the fix broke ${object.kind}/${String(object.metadata?.name)}`);
      return fixed;
    });
  }
  return { objects: current, applied };
}

describe('fixes repair what they claim on real manifests', () => {
  for (const corpus of CORPORA) {
    it(corpus.join('/'), async () => {
      const checks = catalogueChecks('all');
      const { inventory } = await loadPaths([corpusPath(...corpus)]);
      const before = await scan([corpusPath(...corpus)], checks);
      const fixable = before.findings.filter((f) => f.fix);
      assert.ok(fixable.length > 0, 'the corpus has fixable findings');
      const { objects, applied } = fixAll(inventory.entries.map((e) => e.object), checks);
      assert.ok(applied >= fixable.length);
      const after = analyze(Inventory.of(objects), checks, OPTIONS, emptyConfig()).findings.filter((f) => f.fix);
      assert.deepEqual(describeFindings(after), []);
    });
  }
});
