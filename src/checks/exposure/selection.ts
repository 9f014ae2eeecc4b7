import type { Inventory, InventoryEntry } from '../../core/inventory.js';
import { isRecord, namespaceOf } from '../../core/k8s/object.js';
import type { Workload } from '../../core/k8s/workload.js';
import { isCoreService, serviceType, specOf } from './services.js';

/**
 * Which workloads a Service selector picks, answered from an index built once per scan:
 * by namespace, and by each (label, value) pair of the pod templates, so that a selector's
 * first pair narrows thousands of workloads to a handful.
 */
export class WorkloadSelection {
  private readonly countByNamespace = new Map<string | undefined, number>();
  private readonly byLabel = new Map<string, { workload: Workload; labels: Record<string, unknown> }[]>();

  constructor(inventory: Inventory) {
    for (const { entry, workload } of inventory.workloads()) {
      const namespace = namespaceOf(entry.object);
      this.countByNamespace.set(namespace, (this.countByNamespace.get(namespace) ?? 0) + 1);
      const labels = isRecord(workload.podMeta.labels) ? workload.podMeta.labels : {};
      for (const [k, v] of Object.entries(labels)) {
        const key = labelKey(namespace, k, v);
        let list = this.byLabel.get(key);
        if (!list) this.byLabel.set(key, (list = []));
        list.push({ workload, labels });
      }
    }
  }

  /** Workloads of the namespace in the scan. */
  count(namespace: string | undefined): number {
    return this.countByNamespace.get(namespace) ?? 0;
  }

  /** Workloads of the namespace whose pod labels match every pair of a non-empty selector. */
  select(namespace: string | undefined, selector: Record<string, unknown>): Workload[] {
    const required = Object.entries(selector);
    if (required.length === 0) return [];
    const [key, value] = required[0]!;
    return (this.byLabel.get(labelKey(namespace, key, value)) ?? []).filter(({ labels }) => required.every(([k, v]) => labels[k] === v)).map((c) => c.workload);
  }
}

const selections = new WeakMap<Inventory, { size: number; selection: WorkloadSelection }>();

/** The inventory's selection index, built once (again only when objects were added). */
export function workloadSelectionOf(inventory: Inventory): WorkloadSelection {
  const cached = selections.get(inventory);
  if (cached && cached.size === inventory.size) return cached.selection;
  const selection = new WorkloadSelection(inventory);
  selections.set(inventory, { size: inventory.size, selection });
  return selection;
}

function labelKey(namespace: string | undefined, key: string, value: unknown): string {
  return `${namespace ?? ''}\u0000${key}\u0000${String(value)}`;
}

/** Core Services that route to pods through a non-empty selector (not ExternalName, not manual endpoints). */
export function selectingServices(inventory: Inventory): { entry: InventoryEntry; selector: Record<string, unknown> }[] {
  const out: { entry: InventoryEntry; selector: Record<string, unknown> }[] = [];
  for (const entry of inventory.ofKind('Service')) {
    const selector = specOf(entry.object).selector;
    if (!isCoreService(entry.object) || serviceType(entry.object) === 'ExternalName' || !isRecord(selector) || Object.keys(selector).length === 0) continue;
    out.push({ entry, selector });
  }
  return out;
}
