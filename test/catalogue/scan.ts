import type { AnalysisOptions, Check } from '../../src/core/check.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/finding.js';
import type { InventoryEntry } from '../../src/core/inventory.js';
import { inPolicy, type PolicyName } from '../../src/core/registry.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { loadPaths } from '../../src/load/index.js';

/** The families this suite asserts; Pod Security, RBAC and network checks have their own oracles. */
export const CATALOGUE_CATEGORIES: ReadonlySet<string> = new Set(['workload', 'supply-chain', 'exposure', 'sandbox', 'hygiene']);

export function catalogueChecks(policy: PolicyName): Check[] {
  return ALL_CHECKS.filter((c) => CATALOGUE_CATEGORIES.has(c.category) && inPolicy(c, policy));
}

export const OPTIONS: AnalysisOptions = { now: new Date('2026-01-15T12:00:00Z'), pssVersion: 'latest', kubeVersion: 'v1.34', settings: {} };

export interface Scan {
  findings: Finding[];
  entries: (InventoryEntry | undefined)[];
}

/** Loads real manifests and runs checks over them exactly as `stockade scan` does. */
export async function scan(paths: string[], checks: readonly Check[], options: Partial<AnalysisOptions> = {}): Promise<Scan> {
  const loaded = await loadPaths(paths);
  if (loaded.errors.length > 0) throw new Error(`corpus did not load: ${JSON.stringify(loaded.errors)}`);
  const result = analyze(loaded.inventory, checks, { ...OPTIONS, ...options }, emptyConfig());
  if (result.problems.length > 0) throw new Error(`checks failed: ${JSON.stringify(result.problems.map((p) => p.message))}`);
  return { findings: result.findings, entries: result.entries };
}

/** `check kind/name [container]` lines, for readable assertion failures. */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.check} ${f.resource.kind}/${f.resource.name}${f.container !== undefined ? ` [${f.container}]` : ''}`);
}
