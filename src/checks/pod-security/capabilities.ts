/** Reading and repairing `securityContext.capabilities`, shared by the two capabilities controls. */
import type { JsonPatchOp } from '../../core/finding.js';
import { toJsonPointer } from '../../core/path.js';
import { containerPath, recordAt, securityContextOf, type PssFinding } from './pss.js';
import type { ContainerRef } from '../../core/k8s/workload.js';

export interface CapabilityList {
  ref: ContainerRef;
  /** The list as written (entries of any type), or undefined when the field is absent. */
  values: unknown[] | undefined;
}

export function capabilityList(ref: ContainerRef, field: 'add' | 'drop'): CapabilityList {
  const list = recordAt(securityContextOf(ref), 'capabilities')?.[field];
  return { ref, values: Array.isArray(list) ? list : undefined };
}

/** What a container without `capabilities.add` (most of them) adds: shared, never written to. */
const NOTHING_ADDED: { forbidden: readonly string[]; findings: readonly never[] } = Object.freeze({ forbidden: Object.freeze([]), findings: Object.freeze([]) });

/**
 * One finding per forbidden entry of `capabilities.add` (its own line), the first carrying
 * the fix that keeps only the allowed entries. Removing a capability can break a workload that
 * relies on it, so the fix is unsafe.
 */
export function forbiddenAddFindings<M extends string>(
  add: CapabilityList,
  allowed: (capability: string) => boolean,
  messageId: M,
): { forbidden: readonly string[]; findings: readonly PssFinding<M>[] } {
  const values = add.values;
  if (values === undefined || values.length === 0) return NOTHING_ADDED;
  const forbidden: string[] = [];
  const findings: PssFinding<M>[] = [];
  const kept = values.filter((value) => typeof value === 'string' && allowed(value));
  values.forEach((value, index) => {
    if (typeof value === 'string' && allowed(value)) return;
    forbidden.push(String(value));
    const finding: PssFinding<M> = { messageId, path: containerPath(add.ref, 'securityContext', 'capabilities', 'add', index), container: add.ref.name };
    if (findings.length === 0) {
      const listPath = toJsonPointer(containerPath(add.ref, 'securityContext', 'capabilities', 'add'));
      // Guarded by the list it was computed from: after another fix changed the list (the other
      // capabilities control), this one no longer applies rather than restoring what that removed.
      const fix: JsonPatchOp[] = [
        { op: 'test', path: listPath, value: values },
        kept.length > 0 ? { op: 'replace', path: listPath, value: kept } : { op: 'remove', path: listPath },
      ];
      finding.fix = fix;
      finding.fixSafety = 'unsafe';
    }
    findings.push(finding);
  });
  return { forbidden, findings };
}
