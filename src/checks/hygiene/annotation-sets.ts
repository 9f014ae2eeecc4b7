import type { Inventory, InventoryEntry } from '../../core/inventory.js';
import { annotationsOf, isRecord } from '../../core/k8s/object.js';
import type { FieldPath } from '../../core/path.js';

export interface AnnotationSet {
  annotations: Record<string, unknown>;
  base: FieldPath;
}

/** Most objects carry no annotations at all: they share this answer. */
const NO_SETS: readonly AnnotationSet[] = Object.freeze([]);

function hasKeys(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

/**
 * The annotation maps of an object that hold any annotations, with their field paths: its own,
 * and for controllers the pod template's (a Pod's own metadata is its template, so it is
 * listed once).
 */
export function annotationSets(inventory: Inventory, entry: InventoryEntry): readonly AnnotationSet[] {
  let sets: AnnotationSet[] | undefined;
  const own = annotationsOf(entry.object);
  if (hasKeys(own)) sets = [{ annotations: own, base: ['metadata', 'annotations'] }];
  const workload = inventory.workloadOf(entry);
  const template = workload?.podMeta.annotations;
  if (workload && workload.podMetaPath.length > 1 && isRecord(template) && hasKeys(template)) {
    (sets ??= []).push({ annotations: template, base: [...workload.podMetaPath, 'annotations'] });
  }
  return sets ?? NO_SETS;
}
