import { closeSync, openSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join } from 'node:path';
import { Inventory, type Origin } from '../core/inventory.js';
import { isKubeObject, isRecord, type KubeObject } from '../core/k8s/object.js';
import { firstInvalidUtf8Line, looksBinary, splitDocuments, type RawDocument } from './documents.js';
import { DocumentError, parseRawDocument } from './parse.js';

/** A problem that makes the input (partly) unusable: reported with file and line, exit code 2. */
export interface LoadError {
  file: string;
  line?: number;
  message: string;
}

/** Something skipped on purpose (a document that is not a Kubernetes object). */
export interface LoadNote {
  file: string;
  line?: number;
  message: string;
}

export interface LoadResult {
  inventory: Inventory;
  errors: LoadError[];
  notes: LoadNote[];
  /** Files read (directories expanded). */
  files: string[];
}

export const STDIN = '-';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

export interface LoadOptions {
  /** Reads standard input; injectable for tests. */
  readStdin?: () => Promise<Buffer>;
  /** Add to an existing inventory (e.g. several sources in one scan). */
  inventory?: Inventory;
}

/** Loads files, directories (recursively) and `-` (stdin) into one inventory. */
export async function loadPaths(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const plan = await planLoad(paths, options);
  return applyLoadPlan(plan, plan.documents.map(parseDocumentOf), options.inventory);
}

/** A document of the input, to be parsed on its own (possibly in another thread). */
export interface PlannedDocument {
  file: string;
  json: boolean;
  doc: RawDocument;
}

/** The outcome of parsing one planned document. */
export type ParsedDocumentOutcome = { value: unknown } | { error: LoadError };

/**
 * What loading the paths involves, in input order: the messages about files (unreadable,
 * empty, binary, invalid UTF-8) and the documents to parse. Reading and splitting is cheap;
 * parsing the documents is most of the cost of loading, and they can be parsed in any order.
 */
export interface LoadPlan {
  /** Each step is a message or the index of a document in `documents`. */
  steps: ({ error: LoadError } | { note: LoadNote } | { document: number })[];
  documents: PlannedDocument[];
  files: string[];
}

export async function planLoad(paths: readonly string[], options: Pick<LoadOptions, 'readStdin'> = {}): Promise<LoadPlan> {
  const plan: LoadPlan = { steps: [], documents: [], files: [] };
  for (const path of paths) {
    if (path === STDIN) {
      const buf = await (options.readStdin ?? readStdin)();
      planBuffer(buf, '<stdin>', false, plan);
      continue;
    }
    const errors: LoadError[] = [];
    const files = manifestFiles(path, errors);
    for (const error of errors) plan.steps.push({ error });
    for (const file of files) planFile(file, plan);
  }
  return plan;
}

export function parseDocumentOf(planned: PlannedDocument): ParsedDocumentOutcome {
  const { file, doc, json } = planned;
  try {
    return { value: parseRawDocument(doc, json).value };
  } catch (error) {
    if (error instanceof DocumentError) return { error: { file, line: error.line, message: error.message } };
    return { error: { file, line: doc.contentLine, message: `cannot parse: ${String(error)}` } };
  }
}

/**
 * Builds the inventory from a plan and the outcome of parsing each of its documents. With
 * `firstEntryOf`, records for each document the id its first object got (objects of a
 * document range form an id range).
 */
export function applyLoadPlan(plan: LoadPlan, outcomes: readonly ParsedDocumentOutcome[], inventory?: Inventory, firstEntryOf?: number[]): LoadResult {
  const result: LoadResult = { inventory: inventory ?? new Inventory(), errors: [], notes: [], files: plan.files };
  for (const step of plan.steps) {
    if ('error' in step) result.errors.push(step.error);
    else if ('note' in step) result.notes.push(step.note);
    else {
      if (firstEntryOf) firstEntryOf[step.document] = result.inventory.size;
      const outcome = outcomes[step.document]!;
      const { file, doc } = plan.documents[step.document]!;
      if ('error' in outcome) result.errors.push(outcome.error);
      else addDocument(outcome.value, doc, file, result);
    }
  }
  return result;
}

/**
 * The manifest files a path stands for: the file itself, or every .yaml, .yml and .json file
 * below a directory (sorted, symlink loops and node_modules/.git skipped). Problems go to `errors`.
 */
export function manifestFiles(path: string, errors: LoadError[]): string[] {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    errors.push({ file: path, message: describeFsError(error) });
    return [];
  }
  if (stats.isDirectory()) {
    const files: string[] = [];
    walkDirectory(path, files, errors, new Set());
    return files;
  }
  if (stats.isFile()) return [path];
  // A FIFO or device would block the scan forever, or never end.
  errors.push({ file: path, message: 'not a regular file or directory' });
  return [];
}

/** Loads in-memory text as if it were a file (admission requests, tests). */
export function loadText(text: string, file = '<memory>', inventory?: Inventory): LoadResult {
  const plan: LoadPlan = { steps: [], documents: [], files: [] };
  planBuffer(Buffer.from(text, 'utf8'), file, file.endsWith('.json'), plan);
  return applyLoadPlan(plan, plan.documents.map(parseDocumentOf), inventory);
}

function walkDirectory(dir: string, files: string[], errors: LoadError[], visited: Set<string>): void {
  let real: string;
  let names: string[];
  try {
    real = realpathSync(dir);
    if (visited.has(real)) return; // a symlink loop
    visited.add(real);
    names = readdirSync(dir).sort();
  } catch (error) {
    errors.push({ file: dir, message: describeFsError(error) });
    return;
  }
  for (const name of names) {
    const full = join(dir, name);
    let stats: Stats;
    try {
      stats = statSync(full);
    } catch (error) {
      errors.push({ file: full, message: describeFsError(error) });
      continue;
    }
    if (stats.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(name)) walkDirectory(full, files, errors, visited);
    } else if (stats.isFile() && MANIFEST_EXTENSIONS.has(extname(name).toLowerCase())) {
      files.push(full);
    }
  }
}

function planFile(file: string, plan: LoadPlan): void {
  let buf: Buffer;
  try {
    // Open first so that an unreadable file reports EACCES rather than a partial read.
    closeSync(openSync(file, 'r'));
    buf = readFileSync(file);
  } catch (error) {
    plan.steps.push({ error: { file, message: describeFsError(error) } });
    return;
  }
  planBuffer(buf, file, extname(file).toLowerCase() === '.json', plan);
}

function planBuffer(buf: Buffer, file: string, json: boolean, plan: LoadPlan): void {
  plan.files.push(file);
  if (buf.length === 0) {
    plan.steps.push({ note: { file, message: 'empty input: nothing to scan' } });
    return;
  }
  if (looksBinary(buf)) {
    plan.steps.push({ error: { file, line: 1, message: 'binary content (NUL bytes): not YAML or JSON' } });
    return;
  }
  const badLine = firstInvalidUtf8Line(buf);
  if (badLine !== undefined) {
    plan.steps.push({ error: { file, line: badLine, message: 'invalid UTF-8 (the rest of the file is still scanned)' } });
  }
  const documents: RawDocument[] = json
    ? [{ text: buf.toString('utf8'), firstLine: 1, contentLine: 1, index: 0, empty: false }]
    : splitDocuments(buf);
  if (documents.length === 0) {
    plan.steps.push({ note: { file, message: 'no YAML documents: nothing to scan' } });
    return;
  }
  for (const doc of documents) {
    plan.steps.push({ document: plan.documents.length });
    plan.documents.push({ file, json, doc });
  }
}

function addDocument(value: unknown, doc: RawDocument, file: string, result: LoadResult): void {
  const origin: Origin = { file, line: doc.contentLine, docIndex: doc.index, document: { text: doc.text, firstLine: doc.firstLine } };
  if (doc.helmSource !== undefined) origin.helmSource = doc.helmSource;
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    result.notes.push({ file, line: doc.contentLine, message: 'skipped: document is a sequence, not a Kubernetes object' });
    return;
  }
  if (!isRecord(value)) {
    result.notes.push({ file, line: doc.contentLine, message: `skipped: document is a ${typeof value}, not a Kubernetes object` });
    return;
  }
  if (!isKubeObject(value)) {
    result.notes.push({ file, line: doc.contentLine, message: 'skipped: not a Kubernetes object (no apiVersion/kind)' });
    return;
  }
  if (isList(value)) {
    addListItems(value, origin, result);
    return;
  }
  result.inventory.add(value, origin);
}

function isList(object: KubeObject): boolean {
  return (object.kind === 'List' || object.kind.endsWith('List')) && Array.isArray(object.items);
}

function addListItems(list: KubeObject, origin: Origin, result: LoadResult): void {
  // Typed lists (`PodList`) may omit kind and apiVersion on their items: they are implied.
  const impliedKind = list.kind === 'List' ? undefined : list.kind.slice(0, -'List'.length);
  (list.items as unknown[]).forEach((item, index) => {
    if (!isRecord(item)) {
      result.notes.push({ file: origin.file, line: origin.line, message: `skipped: item ${index} of the ${list.kind} is not an object` });
      return;
    }
    const object = { ...item } as Record<string, unknown>;
    if (typeof object.kind !== 'string' && impliedKind) object.kind = impliedKind;
    if (typeof object.apiVersion !== 'string' && impliedKind) object.apiVersion = list.apiVersion;
    if (!isKubeObject(object)) {
      result.notes.push({ file: origin.file, line: origin.line, message: `skipped: item ${index} of the ${list.kind} has no apiVersion/kind` });
      return;
    }
    if (isList(object)) {
      addListItems(object, { ...origin, itemPath: [...(origin.itemPath ?? []), 'items', index] }, result);
      return;
    }
    result.inventory.add(object, { ...origin, itemPath: [...(origin.itemPath ?? []), 'items', index] });
  });
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return `cannot read: ${code ?? String(error)}`;
  }
}
