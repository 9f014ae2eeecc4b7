import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { oneLine } from '../../core/errors.js';
import { importOsv, type ImportSummary } from './import.js';
import type { VulnDb } from './vuln-db.js';

/** OSV's bucket of per-ecosystem exports: `<source>/<ecosystem>/all.zip`. */
export const DEFAULT_SOURCE = 'https://osv-vulnerabilities.storage.googleapis.com';

/** The ecosystems container images hold most often (OS packages first). */
export const DEFAULT_ECOSYSTEMS = ['Alpine', 'Debian', 'Ubuntu', 'Red Hat', 'npm', 'PyPI', 'Go', 'Maven'];

/** Largest export accepted; the biggest OSV exports are a few hundred megabytes. */
export const MAX_EXPORT_BYTES = 4 * 1024 ** 3;

export interface UpdateOptions {
  source?: string;
  ecosystems?: string[];
  now: Date;
  /** Per download, headers and body together. */
  timeoutMs?: number;
}

export type FeedUpdate =
  | { ecosystem: string; url: string; status: 'updated'; summary: ImportSummary }
  | { ecosystem: string; url: string; status: 'unchanged' }
  | { ecosystem: string; url: string; status: 'failed'; error: string };

export function exportUrl(source: string, ecosystem: string): string {
  return `${source.replace(/\/+$/, '')}/${encodeURIComponent(ecosystem)}/all.zip`;
}

function limitBytes(max: number): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > max) callback(new Error(`download exceeds ${max} bytes`));
      else callback(null, chunk);
    },
  });
}

/**
 * Downloads each ecosystem's export (conditionally: an unchanged export is not downloaded again)
 * and imports it as that feed's complete data. One failing feed does not stop the others.
 */
export async function updateDb(vdb: VulnDb, options: UpdateOptions): Promise<FeedUpdate[]> {
  const source = options.source ?? DEFAULT_SOURCE;
  const results: FeedUpdate[] = [];
  for (const ecosystem of options.ecosystems ?? DEFAULT_ECOSYSTEMS) {
    const url = exportUrl(source, ecosystem);
    const previous = vdb.advisories.feed(ecosystem);
    const headers: Record<string, string> = {};
    if (previous?.source === url && previous.etag) headers['if-none-match'] = previous.etag;
    if (previous?.source === url && previous.lastModified) headers['if-modified-since'] = previous.lastModified;
    const dir = mkdtempSync(join(tmpdir(), 'stockade-osv-'));
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 600_000), redirect: 'follow' });
      if (response.status === 304) {
        await response.body?.cancel();
        vdb.advisories.markFeedUpdated(ecosystem, options.now, url, { etag: previous?.etag, lastModified: previous?.lastModified });
        results.push({ ecosystem, url, status: 'unchanged' });
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        results.push({ ecosystem, url, status: 'failed', error: `HTTP ${response.status} ${response.statusText}`.trim() });
        continue;
      }
      const file = join(dir, 'all.zip');
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), limitBytes(MAX_EXPORT_BYTES), createWriteStream(file));
      const summary = await importOsv(vdb.advisories, file, { now: options.now, feed: ecosystem, complete: true, origin: url });
      vdb.advisories.markFeedUpdated(ecosystem, options.now, url, {
        etag: response.headers.get('etag') ?? undefined,
        lastModified: response.headers.get('last-modified') ?? undefined,
      });
      results.push({ ecosystem, url, status: 'updated', summary });
    } catch (error) {
      results.push({ ecosystem, url, status: 'failed', error: oneLine(error) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
