import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, oneLine } from '../../core/errors.js';
import { AdvisoryStore, emptyUpsertResult, type StoredAdvisory, type UpsertResult } from '../../store/advisories.js';
import { baseEcosystem } from '../version/index.js';
import { scoresOf } from './match.js';
import { parseOsvJson, type OsvRecord } from './osv.js';
import { zipJsonEntries } from './zip.js';

export interface ImportSummary extends UpsertResult {
  records: number;
  removed: number;
  /** One line per record that could not be read: `file: problem`; the rest is still imported. */
  errors: string[];
  ecosystems: string[];
}

export interface ImportOptions {
  now: Date;
  /** Name of the feed the records belong to (`Debian` for that ecosystem's export); defaults to "import". */
  feed?: string;
  /** The source is the feed's complete export: its records that are absent from it are removed. */
  complete?: boolean;
  /** Where the data came from, kept for `db status`. */
  origin?: string;
}

/**
 * Records per transaction. Entries land all over the package-clustered table, so a commit writes
 * most of its pages whatever the batch: fewer, larger commits write each page fewer times.
 */
const BATCH = 20_000;

function storedOf(record: OsvRecord): StoredAdvisory {
  const best = scoresOf(record.severity)[0];
  return best ? { record, score: { value: best.score, vector: best.vector } } : { record };
}

async function* recordsOf(source: string): AsyncGenerator<{ name: string; text?: string; problem?: string }> {
  let stats;
  try {
    stats = statSync(source);
  } catch {
    throw new InputError(source, undefined, 'no such file or directory');
  }
  if (stats.isDirectory()) {
    for (const name of readdirSync(source).sort()) {
      const full = join(source, name);
      if (statSync(full).isDirectory() || name.endsWith('.zip') || name.endsWith('.json')) yield* recordsOf(full);
    }
  } else if (source.endsWith('.zip')) {
    let opened = false;
    try {
      for await (const entry of zipJsonEntries(source)) {
        opened = true;
        yield { ...entry, name: `${source}!${entry.name}` };
      }
    } catch (error) {
      if (!opened) throw new InputError(source, undefined, `not a readable zip file (${oneLine(error)})`);
      yield { name: source, problem: `zip file is damaged (${oneLine(error)})` };
    }
  } else {
    yield { name: source, text: readFileSync(source, 'utf8') };
  }
}

/**
 * Imports OSV records from a per-ecosystem zip export, a directory of records or zips, or one
 * JSON file. Unchanged records (same `modified`) are skipped; broken records are reported and
 * skipped; the rest is committed in batches.
 */
export async function importOsv(store: AdvisoryStore, source: string, options: ImportOptions): Promise<ImportSummary> {
  const feed = options.feed ?? 'import';
  const result = emptyUpsertResult();
  const errors: string[] = [];
  const ecosystems = new Set<string>();
  const seen = options.complete ? new Set<string>() : undefined;
  let records = 0;
  let batch: StoredAdvisory[] = [];
  const restore = store.beginBulkLoad();
  try {
    for await (const entry of recordsOf(source)) {
      if (entry.problem !== undefined || entry.text === undefined) {
        errors.push(`${entry.name}: ${entry.problem ?? 'unreadable'}`);
        continue;
      }
      let record: OsvRecord;
      try {
        record = parseOsvJson(entry.text, entry.name);
      } catch (error) {
        errors.push(oneLine(error));
        continue;
      }
      records++;
      for (const affected of record.affected) ecosystems.add(baseEcosystem(affected.package.ecosystem));
      batch.push(storedOf(record));
      if (batch.length >= BATCH) {
        store.upsert(batch, feed, result, seen);
        batch = [];
      }
    }
    store.upsert(batch, feed, result, seen);
  } finally {
    restore();
  }
  // A damaged export cannot say which records are gone: keep them until a clean one arrives.
  const removed = seen && errors.length === 0 ? store.removeMissing(feed, seen, result) : 0;
  const origin = options.origin ?? basename(source);
  for (const ecosystem of ecosystems) store.markFeedUpdated(ecosystem, options.now, origin);
  return { ...result, records, removed, errors, ecosystems: [...ecosystems].sort() };
}
