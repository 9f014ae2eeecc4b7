import yauzl from 'yauzl';

export interface ZipJsonEntry {
  name: string;
  text?: string;
  /** Why the entry could not be read (too large, encrypted, corrupt). */
  problem?: string;
}

/** Largest single OSV record accepted: real records are kilobytes; this stops zip bombs. */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/**
 * Streams the `.json` entries of a zip file, one at a time (the whole export is never held in
 * memory). Entry names are only used for messages: nothing is extracted to disk.
 */
export async function* zipJsonEntries(path: string): AsyncGenerator<ZipJsonEntry> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (error, zipfile) =>
      error ? reject(error) : resolve(zipfile),
    );
  });
  try {
    while (true) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => {
          zip.off('end', onEnd);
          zip.off('error', onError);
          resolve(e);
        };
        const onEnd = () => {
          zip.off('entry', onEntry);
          zip.off('error', onError);
          resolve(undefined);
        };
        const onError = (error: Error) => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          reject(error);
        };
        zip.once('entry', onEntry);
        zip.once('end', onEnd);
        zip.once('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      if (entry.fileName.endsWith('/') || !entry.fileName.endsWith('.json')) continue;
      if (entry.uncompressedSize > MAX_RECORD_BYTES) {
        yield { name: entry.fileName, problem: `entry is ${entry.uncompressedSize} bytes, more than the ${MAX_RECORD_BYTES} accepted for one record` };
        continue;
      }
      if (entry.isEncrypted()) {
        yield { name: entry.fileName, problem: 'entry is encrypted' };
        continue;
      }
      try {
        const text = await new Promise<string>((resolve, reject) => {
          zip.openReadStream(entry, (error, stream) => {
            if (error) return reject(error);
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('error', reject);
            stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          });
        });
        yield { name: entry.fileName, text };
      } catch (error) {
        yield { name: entry.fileName, problem: error instanceof Error ? error.message : String(error) };
      }
    }
  } finally {
    zip.close();
  }
}
