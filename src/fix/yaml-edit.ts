import { isDeepStrictEqual } from 'node:util';
import yaml from 'js-yaml';
import { isMap, isScalar, isSeq, parseDocument, stringify, type Node, type Pair } from 'yaml';
import type { JsonPatchOp } from '../core/finding.js';
import { applyPatch } from '../core/json-patch.js';
import { fromJsonPointer } from '../core/path.js';
import { KUBE_YAML_SCHEMA } from '../load/parse.js';

export class EditError extends Error {
  override name = 'EditError';
}

/**
 * Applies JSON Patch operations to the text of one YAML document by surgical text edits: only
 * the lines an operation touches change, so comments, key order, quoting and every other line
 * stay byte-identical. The result is verified by parsing it and comparing with the patched
 * object; any disagreement is an EditError and the document is left alone.
 */
export function editYamlDocument(text: string, prefix: readonly (string | number)[], ops: readonly JsonPatchOp[], before: unknown): string {
  // `before` is the parsed document; `prefix` leads to the object the patch is for (a List item).
  let current = text;
  // `test` operations guard the patch; the comparison below enforces them.
  for (const op of ops) if (op.op !== 'test') current = applyOne(current, prefix, op);
  const at = (root: unknown) => prefix.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], root);
  let expected: unknown;
  try {
    expected = applyPatch(structuredClone(at(before)), ops);
  } catch (error) {
    throw new EditError(`the fix does not apply: ${(error as Error).message}`);
  }
  let actual: unknown;
  try {
    actual = yaml.load(current, { schema: KUBE_YAML_SCHEMA });
  } catch (error) {
    throw new EditError(`the edited document does not parse: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isDeepStrictEqual(at(actual), expected)) throw new EditError('the edit would not produce the patched object');
  return current;
}

interface Located {
  node: Node | null;
  parent: Node | null;
  key: string;
}

function locate(text: string, segments: (string | number)[]): { located: Located; lineStarts: number[] } {
  const document = parseDocument(text, { uniqueKeys: false, strict: false });
  if (document.errors.length > 0) throw new EditError(`cannot edit: ${document.errors[0]!.message.split('\n')[0]}`);
  let parent: Node | null = null;
  let node: Node | null = document.contents as Node | null;
  const last = String(segments[segments.length - 1]);
  for (let i = 0; i < segments.length; i++) {
    const segment = String(segments[i]);
    parent = node;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
      node = pair ? ((pair.value as Node | null) ?? null) : null;
      if (!pair && i < segments.length - 1) throw new EditError(`path to "${segment}" does not exist`);
    } else if (isSeq(node)) {
      const index = segment === '-' ? node.items.length : Number(segment);
      node = (node.items[index] as Node | undefined) ?? null;
      if (node === null && i < segments.length - 1) throw new EditError(`index ${segment} does not exist`);
    } else {
      throw new EditError(`"${segment}" is not inside a mapping or sequence`);
    }
  }
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return { located: { node, parent, key: last }, lineStarts };
}

function lineOf(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function columnOf(text: string, lineStarts: number[], offset: number): number {
  return offset - lineStarts[lineOf(lineStarts, offset)]!;
}

function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

function scalarText(value: unknown): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function flowText(value: unknown): string {
  if (value !== null && typeof value === 'object') return JSON.stringify(value).replace(/":/g, '": ');
  return scalarText(value);
}

/** `key: value` lines at an indentation, with nested values in block style. */
function blockEntry(key: string, value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  const keyText = scalarText(key);
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    const body = stringify(value, { lineWidth: 0, indent: 2, indentSeq: true }).trimEnd();
    return `${pad}${keyText}:\n${body.split('\n').map((l) => `${pad}  ${l}`).join('\n')}`;
  }
  return `${pad}${keyText}: ${flowText(value)}`;
}

function blockItem(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0 && !Array.isArray(value)) {
    const body = stringify(value, { lineWidth: 0, indent: 2, indentSeq: true }).trimEnd().split('\n');
    return [`${pad}- ${body[0]}`, ...body.slice(1).map((l) => `${pad}  ${l}`)].join('\n');
  }
  return `${pad}- ${flowText(value)}`;
}

function applyOne(text: string, prefix: readonly (string | number)[], op: JsonPatchOp): string {
  if (op.op !== 'add' && op.op !== 'replace' && op.op !== 'remove') throw new EditError(`"${op.op}" operations are not applied to files`);
  const segments = [...prefix, ...fromJsonPointer(op.path)];
  const { located, lineStarts } = locate(text, segments);
  const { node, parent, key } = located;
  if (!parent) throw new EditError('cannot replace the whole document');
  const range = (n: Node) => n.range!;

  if (op.op === 'replace' || (op.op === 'add' && isMap(parent) && node !== null)) {
    if (!node) throw new EditError(`nothing to replace at ${op.path}`);
    const value = (op as { value: unknown }).value;
    if (isScalar(node) || (value === null || typeof value !== 'object')) {
      const [start, end] = range(node);
      if (!isScalar(node) && endOfLine(text, start) < end) throw new EditError(`cannot replace the multi-line value at ${op.path}`);
      return text.slice(0, start) + flowText(value) + text.slice(end);
    }
    throw new EditError(`cannot replace the collection at ${op.path}`);
  }

  if (op.op === 'remove') {
    if (!node) throw new EditError(`nothing to remove at ${op.path}`);
    if (isMap(parent) && !parent.flow) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<Node, Node>;
      const start = lineStarts[lineOf(lineStarts, range(pair.key)[0])]!;
      const end = endOfLine(text, Math.max(range(node)[1] - 1, range(pair.key)[0]));
      return text.slice(0, start) + text.slice(Math.min(text.length, end + 1));
    }
    if (isSeq(parent) && !parent.flow) {
      const start = lineStarts[lineOf(lineStarts, range(node)[0])]!;
      const end = endOfLine(text, Math.max(range(node)[1] - 1, range(node)[0]));
      return text.slice(0, start) + text.slice(Math.min(text.length, end + 1));
    }
    if (isSeq(parent) && parent.flow) {
      // Take the item with the comma that separates it from its neighbour.
      let [start, end] = range(node);
      const after = /^\s*,\s*/.exec(text.slice(end));
      if (after) end += after[0].length;
      else {
        const before = /\s*,\s*$/.exec(text.slice(0, start));
        if (before) start -= before[0].length;
      }
      return text.slice(0, start) + text.slice(end);
    }
    throw new EditError(`cannot remove from a flow mapping at ${op.path}`);
  }

  // add a new member or element
  const value = op.value;
  if (isMap(parent)) {
    if (parent.flow) {
      const [, end] = range(parent);
      const close = text.lastIndexOf('}', end);
      if (close < 0) throw new EditError(`cannot edit flow mapping at ${op.path}`);
      const inner = text.slice(text.lastIndexOf('{', close) + 1, close).trim();
      const entry = `${scalarText(key)}: ${flowText(value)}`;
      return text.slice(0, close).trimEnd() + (parent.items.length > 0 || inner !== '' ? `, ${entry}` : entry) + text.slice(close);
    }
    if (parent.items.length === 0) throw new EditError(`cannot add to an empty mapping at ${op.path}`);
    const firstKey = parent.items[0]!.key as Node;
    const indent = columnOf(text, lineStarts, range(firstKey)[0]);
    const lastPair = parent.items[parent.items.length - 1]! as Pair<Node, Node | null>;
    const lastEnd = lastPair.value ? range(lastPair.value)[1] : range(lastPair.key)[1];
    const insertAt = endOfLine(text, Math.max(lastEnd - 1, range(lastPair.key)[0]));
    return text.slice(0, insertAt) + '\n' + blockEntry(key, value, indent) + text.slice(insertAt);
  }
  if (isSeq(parent)) {
    if (parent.flow) {
      const [, end] = range(parent);
      const close = text.lastIndexOf(']', end);
      if (close < 0 || key !== '-') throw new EditError(`cannot edit flow sequence at ${op.path}`);
      return text.slice(0, close).trimEnd() + (parent.items.length > 0 ? `, ${flowText(value)}` : flowText(value)) + text.slice(close);
    }
    if (parent.items.length === 0) throw new EditError(`cannot add to an empty sequence at ${op.path}`);
    const firstItem = parent.items[0] as Node;
    const dash = text.lastIndexOf('-', range(firstItem)[0]);
    const indent = columnOf(text, lineStarts, dash);
    const index = key === '-' ? parent.items.length : Number(key);
    if (index < parent.items.length) {
      const lineStart = lineStarts[lineOf(lineStarts, text.lastIndexOf('-', range(parent.items[index] as Node)[0]))]!;
      return text.slice(0, lineStart) + blockItem(value, indent) + '\n' + text.slice(lineStart);
    }
    const lastItem = parent.items[parent.items.length - 1] as Node;
    const insertAt = endOfLine(text, Math.max(range(lastItem)[1] - 1, range(lastItem)[0]));
    return text.slice(0, insertAt) + '\n' + blockItem(value, indent) + text.slice(insertAt);
  }
  throw new EditError(`cannot add at ${op.path}`);
}
