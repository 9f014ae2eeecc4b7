import yaml from 'js-yaml';
import { parseDocument, LineCounter } from 'yaml';
import type { RawDocument } from './documents.js';

/**
 * Kubernetes decodes manifests with go-yaml v2 (YAML 1.1 scalars): `yes`, `on`, `y` are
 * booleans and `0644` is octal. js-yaml speaks YAML 1.2, so those scalars are taught to it here;
 * otherwise `privileged: yes` would pass a scan and be denied by the API server.
 */
const bool11 = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && BOOL_11.test(data),
  construct: (data: string) => TRUE_11.test(data),
  predicate: (object: unknown) => typeof object === 'boolean',
  represent: { lowercase: (object: object) => (object ? 'true' : 'false') },
  defaultStyle: 'lowercase',
});
const BOOL_11 = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const TRUE_11 = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;

const octal11 = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && OCTAL_11.test(data),
  construct: (data: string) => parseInt(data.replace(/_/g, ''), 8) * (data.startsWith('-') ? -1 : 1),
  predicate: () => false,
});
const OCTAL_11 = /^[-+]?0[0-7_]+$/;

/**
 * go-yaml v2 also leaves a timestamp-like plain scalar a string when decoding into untyped data,
 * as Kubernetes does (`creationTimestamp: 2024-01-01T00:00:00Z` stays text): so no implicit
 * timestamp type, unlike js-yaml's default schema, which would make it a Date.
 */
export const KUBE_YAML_SCHEMA = yaml.CORE_SCHEMA.extend({
  implicit: [bool11, octal11, builtinType('merge')],
  explicit: [builtinType('binary'), builtinType('omap'), builtinType('pairs'), builtinType('set')],
});

/** js-yaml exports its built-in types at run time; its type declarations do not list them. */
function builtinType(name: 'merge' | 'binary' | 'omap' | 'pairs' | 'set'): yaml.Type {
  const type = (yaml as unknown as { types: Record<string, yaml.Type | undefined> }).types[name];
  if (!type) throw new Error(`js-yaml has no built-in type ${name}`);
  return type;
}

/** Kubernetes' own API server refuses documents this deep; we stop earlier than the stack would. */
const MAX_DEPTH = 200;
/** An alias bomb expands a few lines into billions of nodes; real manifests stay far below this. */
const MAX_EXPANDED_NODES = 2_000_000;

export interface ParsedDocument {
  value: unknown;
}

export class DocumentError extends Error {
  constructor(
    /** 1-based line in the file. */
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses one document of a YAML stream (or a JSON file) into plain data. */
export function parseRawDocument(doc: RawDocument, json: boolean): ParsedDocument {
  if (json) {
    const value = parseJson(doc);
    checkDepth(value, doc);
    return { value };
  }
  let value: unknown;
  try {
    value = yaml.load(doc.text, { schema: KUBE_YAML_SCHEMA });
  } catch (error) {
    throw toDocumentError(error, doc);
  }
  // Only documents with anchors can contain aliases, and only those can explode on expansion.
  if (doc.text.includes('&')) checkExpansion(value, doc);
  else checkDepth(value, doc);
  return { value };
}

function parseJson(doc: RawDocument): unknown {
  try {
    return JSON.parse(doc.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    let line = doc.firstLine;
    if (position) line += countLines(doc.text, Number(position[1]));
    const detail = message.replace(/^JSON\.parse: /, '').split('\n')[0]!;
    throw new DocumentError(line, `invalid JSON: ${detail}`);
  }
}

function countLines(text: string, upTo: number): number {
  let n = 0;
  for (let i = 0; i < upTo && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function toDocumentError(error: unknown, doc: RawDocument): DocumentError {
  if (error instanceof yaml.YAMLException) {
    const line = doc.firstLine + (error.mark?.line ?? 0);
    return new DocumentError(line, `invalid YAML: ${error.reason}`);
  }
  if (error instanceof RangeError) return new DocumentError(doc.contentLine, `nesting too deep`);
  return new DocumentError(doc.contentLine, `invalid YAML: ${error instanceof Error ? error.message : String(error)}`);
}

/** Counts the nodes the document would have with every alias expanded, without expanding it. */
function checkExpansion(root: unknown, doc: RawDocument): void {
  const sizes = new Map<object, number>();
  const sizeOf = (node: unknown, depth: number): number => {
    if (node === null || typeof node !== 'object') return 1;
    if (depth > MAX_DEPTH) throw new DocumentError(doc.contentLine, `nesting deeper than ${MAX_DEPTH} levels`);
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, Infinity); // a cycle (self-referencing alias) expands forever
    let total = 1;
    for (const child of Object.values(node)) {
      total += sizeOf(child, depth + 1);
      if (total > MAX_EXPANDED_NODES) break;
    }
    sizes.set(node, total);
    return total;
  };
  if (sizeOf(root, 0) > MAX_EXPANDED_NODES) {
    throw new DocumentError(doc.contentLine, `aliases expand to more than ${MAX_EXPANDED_NODES} nodes (YAML alias bomb?)`);
  }
}

function checkDepth(root: unknown, doc: RawDocument): void {
  // Iterative and allocation-free: this runs on every document of every scan.
  const walk = (node: object, depth: number): void => {
    if (depth > MAX_DEPTH) throw new DocumentError(doc.contentLine, `nesting deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (child !== null && typeof child === 'object') walk(child, depth + 1);
      }
      return;
    }
    for (const key in node) {
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') walk(child, depth + 1);
    }
  };
  if (root !== null && typeof root === 'object') walk(root, 0);
}

/**
 * Precise positions for the rare documents the fast line locator cannot read (flow style,
 * JSON): the full `yaml` document API, used only for documents that have findings.
 */
export function locateWithYamlLibrary(text: string, path: readonly (string | number)[]): number | undefined {
  return yamlLibraryLocator(text)(path);
}

/** Parses once, then answers many paths: 1-based line of the deepest existing part of each. */
export function yamlLibraryLocator(text: string): (path: readonly (string | number)[]) => number | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, strict: false });
  return (path) => locateInDocument(document.contents, lineCounter, path);
}

function locateInDocument(root: unknown, lineCounter: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = root;
  let bestOffset: number | undefined = rangeStart(node);
  for (const segment of path) {
    const next = childOf(node, segment);
    if (next === undefined) break;
    node = next.value ?? next.key;
    const offset = rangeStart(next.key) ?? rangeStart(next.value);
    if (offset !== undefined) bestOffset = offset;
  }
  return bestOffset === undefined ? undefined : lineCounter.linePos(bestOffset).line;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

function childOf(node: unknown, segment: string | number): { key?: unknown; value: unknown } | undefined {
  const items = (node as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return undefined;
  if (typeof segment === 'number') {
    const item = items[segment];
    return item === undefined ? undefined : { value: item };
  }
  for (const pair of items) {
    const key = (pair as { key?: { value?: unknown } }).key;
    if (key && String(key.value) === segment) return { key, value: (pair as { value?: unknown }).value };
  }
  return undefined;
}
