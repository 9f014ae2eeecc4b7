import type { JsonPatchOp } from './finding.js';
import { fromJsonPointer } from './path.js';

export class PatchError extends Error {
  override name = 'PatchError';
}

type Container = Record<string, unknown> | unknown[];

function resolveParent(doc: unknown, pointer: string): { parent: Container; key: string } {
  const segments = fromJsonPointer(pointer);
  if (segments.length === 0) throw new PatchError(`cannot target the document root with "${pointer}"`);
  let node: unknown = doc;
  for (const segment of segments.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, segment, false)];
    else if (node !== null && typeof node === 'object') node = (node as Record<string, unknown>)[segment];
    else throw new PatchError(`path "${pointer}" does not exist`);
    if (node === undefined) throw new PatchError(`path "${pointer}" does not exist`);
  }
  if (node === null || typeof node !== 'object') throw new PatchError(`path "${pointer}" does not exist`);
  return { parent: node as Container, key: segments[segments.length - 1]! };
}

function arrayIndex(array: unknown[], segment: string, forAdd: boolean): number {
  if (forAdd && segment === '-') return array.length;
  if (!/^(0|[1-9]\d*)$/.test(segment)) throw new PatchError(`"${segment}" is not an array index`);
  const index = Number(segment);
  if (index > array.length || (!forAdd && index === array.length)) throw new PatchError(`index ${index} out of range`);
  return index;
}

function getValue(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  const { parent, key } = resolveParent(doc, pointer);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, key, false)] : parent[key];
  if (value === undefined) throw new PatchError(`path "${pointer}" does not exist`);
  return value;
}

function add(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = resolveParent(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
}

function remove(doc: unknown, pointer: string): unknown {
  const { parent, key } = resolveParent(doc, pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, false), 1)[0];
  if (!(key in parent)) throw new PatchError(`path "${pointer}" does not exist`);
  const old = parent[key];
  delete parent[key];
  return old;
}

/** Applies an RFC 6902 patch in place and returns the document; throws PatchError when it cannot. */
export function applyPatch<T>(doc: T, ops: readonly JsonPatchOp[]): T {
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        add(doc, op.path, structuredClone(op.value));
        break;
      case 'remove':
        remove(doc, op.path);
        break;
      case 'replace':
        getValue(doc, op.path);
        remove(doc, op.path);
        add(doc, op.path, structuredClone(op.value));
        break;
      case 'test':
        if (JSON.stringify(getValue(doc, op.path)) !== JSON.stringify(op.value)) throw new PatchError(`test failed at "${op.path}"`);
        break;
      case 'move': {
        const value = remove(doc, op.from);
        add(doc, op.path, value);
        break;
      }
      case 'copy':
        add(doc, op.path, structuredClone(getValue(doc, op.from)));
        break;
    }
  }
  return doc;
}

/** A path segment as an RFC 6901 reference token: only keys holding `~` or `/` need escaping. */
function referenceToken(segment: string | number): string {
  if (typeof segment === 'number') return String(segment);
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A patch that sets `path` to `value` in `object`, adding the missing parent objects first,
 * so that it applies whether or not (say) `securityContext` exists yet.
 */
export function setFieldPatch(object: unknown, path: readonly (string | number)[], value: unknown): JsonPatchOp[] {
  const ops: JsonPatchOp[] = [];
  let node: unknown = object;
  let pointer = '';
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    pointer += '/' + referenceToken(segment);
    const last = i === path.length - 1;
    const child = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[segment] : undefined;
    if (last) {
      ops.push({ op: child === undefined ? 'add' : 'replace', path: pointer, value });
    } else if (child === undefined || child === null || typeof child !== 'object') {
      // Build the rest of the path as one nested value.
      let nested: unknown = value;
      for (let j = path.length - 1; j > i; j--) nested = { [path[j]!]: nested };
      ops.push({ op: child === undefined ? 'add' : 'replace', path: pointer, value: nested });
      return ops;
    }
    node = child;
  }
  return ops;
}
