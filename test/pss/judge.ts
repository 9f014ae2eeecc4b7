/** Loads manifests and runs a Pod Security Standards policy over them, findings grouped by object. */
import { relative } from 'node:path';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { emptyConfig } from '../../src/core/config.js';
import { analyze, type AnalysisProblem } from '../../src/core/engine.js';
import type { Finding } from '../../src/core/finding.js';
import type { Inventory, InventoryEntry } from '../../src/core/inventory.js';
import { isRecord } from '../../src/core/k8s/object.js';
import { getAt, parsePath } from '../../src/core/path.js';
import { selectChecks } from '../../src/core/registry.js';

export interface Judgement {
  byEntry: Map<InventoryEntry, Finding[]>;
  problems: AnalysisProblem[];
}

export function judge(inventory: Inventory, level: 'baseline' | 'restricted', pssVersion = 'latest'): Judgement {
  const { checks, problems } = selectChecks(ALL_CHECKS, { policy: `pss-${level}` });
  if (problems.length > 0) throw new Error(problems.join('; '));
  const options = { now: new Date('2026-01-15T12:00:00Z'), pssVersion, kubeVersion: 'v1.34', settings: {} };
  const result = analyze(inventory, checks, options, emptyConfig());
  const byEntry = new Map<InventoryEntry, Finding[]>(inventory.entries.map((entry) => [entry, []]));
  result.findings.forEach((finding, i) => byEntry.get(result.entries[i]!)?.push(finding));
  return { byEntry, problems: result.problems };
}

/** `dir/file.yaml Kind/name` for an entry, relative to the corpus folder. */
export function labelOf(root: string, entry: InventoryEntry): string {
  return `${relative(root, entry.origin.file)} ${entry.object.kind}/${entry.object.metadata?.name ?? ''}`;
}

/** The host or privileged attribute a finding stands for: `hostPID`, `privileged`, `hostPath(/)`, … */
export function attributeOf(finding: Finding, entry: InventoryEntry): string | undefined {
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
