import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import yaml from 'js-yaml';
import { InputError, UsageError } from '../../core/errors.js';
import { KUBE_YAML_SCHEMA } from '../parse.js';
import { Inventory } from '../../core/inventory.js';
import { isKubeObject, isRecord, type KubeObject } from '../../core/k8s/object.js';
import type { LoadNote, LoadResult } from '../index.js';
import { metadataObject } from './list.js';

export interface SnapshotInfo {
  server: string;
  context: string;
  /** ISO time the cluster was read. */
  takenAt: string;
  /** What the scan could not read (forbidden kinds): a later analysis must know its blind spots. */
  notes: string[];
}

const SNAPSHOT_FORMAT = 1;

/**
 * A snapshot is a plain `v1` `List` (what `kubectl get -o json` prints), so any tool reads it,
 * `stockade scan snapshot.json` included; a `stockade` block says where and when it was taken.
 * Secrets are written as their metadata only, whatever the inventory holds.
 */
export function writeSnapshot(file: string, objects: Iterable<KubeObject>, info: SnapshotInfo): number {
  const items: KubeObject[] = [];
  for (const object of objects) items.push(object.kind === 'Secret' && object.apiVersion === 'v1' ? metadataObject(object, { groupVersion: 'v1', kind: 'Secret' }) : object);
  const header = { apiVersion: 'v1', kind: 'List', metadata: {}, stockade: { snapshotFormat: SNAPSHOT_FORMAT, ...info } };
  let fd: number;
  try {
    fd = openSync(file, 'w', 0o600);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    if (isYamlFile(file)) {
      writeSync(fd, yaml.dump({ ...header, items }, { noRefs: true, lineWidth: -1 }));
    } else {
      // One item per line: a snapshot of a large cluster is written without one giant string.
      writeSync(fd, `${JSON.stringify(header).slice(0, -1)},"items":[`);
      items.forEach((item, i) => writeSync(fd, `${i === 0 ? '' : ','}\n${JSON.stringify(item)}`));
      writeSync(fd, '\n]}\n');
    }
  } finally {
    closeSync(fd);
  }
  return items.length;
}

/** Reads a snapshot back as a load result: the same inventory a live scan of that moment gave. */
export function loadSnapshot(file: string): LoadResult & { info: SnapshotInfo } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(file, undefined, `cannot read snapshot: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = isYamlFile(file) ? yaml.load(text, { schema: KUBE_YAML_SCHEMA }) : JSON.parse(text);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    throw new InputError(file, mark?.line !== undefined ? mark.line + 1 : undefined, `not a snapshot: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(parsed) || parsed.kind !== 'List' || !Array.isArray(parsed.items) || !isRecord(parsed.stockade)) {
    throw new InputError(file, undefined, 'not a Stockade cluster snapshot (a v1 List with a "stockade" block)');
  }
  const block = parsed.stockade;
  if (typeof block.snapshotFormat !== 'number' || block.snapshotFormat > SNAPSHOT_FORMAT) {
    throw new InputError(file, undefined, `snapshot format ${String(block.snapshotFormat)} is not supported by this version (reads ${SNAPSHOT_FORMAT})`);
  }
  const info: SnapshotInfo = {
    server: typeof block.server === 'string' ? block.server : '',
    context: typeof block.context === 'string' ? block.context : '',
    takenAt: typeof block.takenAt === 'string' ? block.takenAt : '',
    notes: Array.isArray(block.notes) ? block.notes.filter((n): n is string => typeof n === 'string') : [],
  };
  const inventory = new Inventory();
  const notes: LoadNote[] = info.notes.map((message) => ({ file, message: `snapshot of ${info.context || info.server}: ${message}` }));
  parsed.items.forEach((item, index) => {
    if (!isKubeObject(item)) {
      notes.push({ file, message: `skipped: item ${index} of the snapshot has no apiVersion/kind` });
      return;
    }
    inventory.add(item, { file: 'cluster', line: 0, docIndex: index });
  });
  return { inventory, errors: [], notes, files: [file], info };
}

function isYamlFile(file: string): boolean {
  const ext = extname(file).toLowerCase();
  return ext === '.yaml' || ext === '.yml';
}
