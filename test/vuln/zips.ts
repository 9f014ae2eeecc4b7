import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { corpusPath } from '../corpus.js';

/** Builds a zip in memory, the way OSV's exports are laid out (one JSON record per entry). */
export function makeZip(entries: Record<string, string | Buffer>, compress = true): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { compress });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** The corpus's real OSV records, by id. */
export function corpusRecords(): Map<string, Record<string, unknown>> {
  const dir = corpusPath('vuln-data', 'osv', 'records');
  return new Map(
    readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .map((n) => [n.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, n), 'utf8')) as Record<string, unknown>]),
  );
}
