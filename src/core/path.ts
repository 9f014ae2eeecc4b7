/**
 * One field-path representation for the whole project: an array of segments, printed as
 * `spec.containers[0].securityContext` for people and as RFC 6901 JSON Pointer for patches.
 */
export type FieldPath = readonly (string | number)[];

function isPlainKey(segment: string): boolean {
  // /^[A-Za-z_$][A-Za-z0-9_$-]*$/ without a regular expression: this runs for every finding.
  if (segment.length === 0) return false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
    if (letter) continue;
    if (i > 0 && ((c >= 48 && c <= 57) || c === 45)) continue;
    return false;
  }
  return true;
}

/**
 * Paths already printed, as a tree of their segments. A large scan prints the same few hundred
 * paths (a check's field in the first or second container) for hundreds of thousands of
 * findings: looking each up segment by segment is cheaper than printing it again, and equal
 * paths then share one string, flattened once by its first reader instead of once per finding.
 * Bounded, for long-running processes that see endless distinct paths (RBAC subjects, CRDs).
 */
interface PrintedPath {
  text?: string;
  next?: Map<string | number, PrintedPath>;
}
const printed: PrintedPath = {};
let printedNodes = 0;
const PRINTED_NODES_LIMIT = 50_000;

export function formatPath(path: FieldPath): string {
  let node = printed;
  for (let i = 0; i < path.length; i++) {
    let child = node.next?.get(path[i]!);
    if (child === undefined) {
      if (printedNodes + path.length - i > PRINTED_NODES_LIMIT) return formatSegments(path);
      for (; i < path.length; i++) {
        child = {};
        (node.next ??= new Map()).set(path[i]!, child);
        printedNodes++;
        node = child;
      }
      break;
    }
    node = child;
  }
  return (node.text ??= formatSegments(path));
}

function formatSegments(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (isPlainKey(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function parsePath(text: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let match: RegExpExecArray | null;
  let last = 0;
  while ((match = re.exec(text)) !== null) {
    const between = text.slice(last, match.index);
    if (between !== '' && between !== '.') throw new Error(`invalid field path "${text}"`);
    if (match[1] !== undefined) out.push(match[1]);
    else if (match[2] !== undefined) out.push(Number(match[2]));
    else out.push(JSON.parse(match[3]!) as string);
    last = re.lastIndex;
  }
  if (last !== text.length) throw new Error(`invalid field path "${text}"`);
  return out;
}

export function toJsonPointer(path: FieldPath): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function fromJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Reads the value at a path, or undefined when any step is missing. */
export function getAt(root: unknown, path: FieldPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}
