import type { JsonPatchOp } from '../core/finding.js';
import { applyPatch, PatchError } from '../core/json-patch.js';
import { isRecord } from '../core/k8s/object.js';
import { fromJsonPointer } from '../core/path.js';

/**
 * The RFC 6902 patch that turns `before` into `after`: objects are compared key by key, arrays
 * of equal length element by element, and anything else is replaced whole. Equal documents
 * give an empty patch, which is what makes a second mutation pass a no-op.
 */
export function diffPatch(before: unknown, after: unknown, pointer = '', ops: JsonPatchOp[] = []): JsonPatchOp[] {
  if (before === after) return ops;
  if (isRecord(before) && isRecord(after)) {
    for (const key of Object.keys(before)) {
      if (!(key in after)) ops.push({ op: 'remove', path: `${pointer}/${escapeKey(key)}` });
    }
    for (const [key, value] of Object.entries(after)) {
      const child = `${pointer}/${escapeKey(key)}`;
      if (!(key in before)) ops.push({ op: 'add', path: child, value });
      else diffPatch(before[key], value, child, ops);
    }
    return ops;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    // Element by element over the common prefix; extra elements are appended with `-` (an
    // injected sidecar stays an append, so it composes with other mutating webhooks), missing
    // ones removed from the end so that earlier indices stay valid.
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) diffPatch(before[i], after[i], `${pointer}/${i}`, ops);
    for (let i = common; i < after.length; i++) ops.push({ op: 'add', path: `${pointer}/-`, value: after[i] });
    for (let i = before.length - 1; i >= common; i--) ops.push({ op: 'remove', path: `${pointer}/${i}` });
    return ops;
  }
  if (sameJson(before, after)) return ops;
  if (pointer === '') throw new PatchError('cannot replace the whole document');
  ops.push({ op: 'replace', path: pointer, value: after });
  return ops;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Applies a check's fix to a working copy. Fixes are computed against the original object, so
 * two fixes may each `add` a whole `securityContext`: an `add` of a mapping where a mapping
 * already exists merges into it instead of replacing it, so neither fix undoes the other.
 * Returns false (and leaves the document untouched) when the fix does not apply.
 */
export function applyFixMerging(doc: unknown, fix: readonly JsonPatchOp[]): boolean {
  const trial = structuredClone(doc);
  try {
    for (const op of fix) {
      const existing = op.op === 'add' ? valueAt(trial, op.path) : undefined;
      if (op.op === 'add' && isRecord(existing) && isRecord(op.value)) mergeInto(existing, op.value);
      else applyPatch(trial, [op]);
    }
  } catch (error) {
    if (error instanceof PatchError) return false;
    throw error;
  }
  replaceContents(doc, trial);
  return true;
}

function valueAt(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const segment of fromJsonPointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isRecord(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (isRecord(current) && isRecord(value)) mergeInto(current, value);
    else target[key] = structuredClone(value);
  }
}

function replaceContents(doc: unknown, from: unknown): void {
  const target = doc as Record<string, unknown>;
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, from as Record<string, unknown>);
}
