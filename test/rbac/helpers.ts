import assert from 'node:assert/strict';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';
import type { AnalysisOptions } from '../../src/core/check.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/finding.js';
import type { Inventory } from '../../src/core/inventory.js';
import { loadPaths, loadText } from '../../src/load/index.js';

export const RBAC_CHECKS = ALL_CHECKS.filter((c) => c.category === 'rbac');

export async function loadInventory(paths: string[]): Promise<Inventory> {
  const loaded = await loadPaths(paths);
  assert.deepEqual(loaded.errors, []);
  return loaded.inventory;
}

export function inventoryOf(yaml: string): Inventory {
  const loaded = loadText(yaml, 'case.yaml');
  assert.deepEqual(loaded.errors, []);
  return loaded.inventory;
}

export function rbacFindings(inventory: Inventory, options: Partial<AnalysisOptions> = {}): Finding[] {
  const result = analyze(inventory, RBAC_CHECKS, { ...TEST_OPTIONS, ...options }, emptyConfig());
  assert.deepEqual(result.problems, []);
  return result.findings;
}
