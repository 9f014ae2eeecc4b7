import type { Inventory, InventoryEntry } from '../../core/inventory.js';
import { annotationsOf, isRecord } from '../../core/k8s/object.js';
import type { FieldPath } from '../../core/path.js';

/**
 * The annotation maps of an object with their field paths: its own, and for controllers the
 * pod template's (a Pod's own metadata is its template, so it is listed once).
 */
export function annotationSets(inventory: Inventory, entry: InventoryEntry): { annotations: Record<string, unknown>; base: FieldPath }[] {
  const sets: { annotations: Record<string, unknown>; base: FieldPath }[] = [{ annotations: annotationsOf(entry.object), base: ['metadata', 'annotations'] }];
  const workload = inventory.workloadOf(entry);
  if (workload && workload.podMetaPath.length > 1 && isRecord(workload.podMeta.annotations)) {
    sets.push({ annotations: workload.podMeta.annotations, base: [...workload.podMetaPath, 'annotations'] });
  }
  return sets;
}
