import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

export interface ZipJsonEntry {
  name: string;
  text?: string;
  /** Why the entry could not be read (too large, encrypted, corrupt). */
  problem?: string;
}

/** Largest single OSV record accepted: real records are kilobytes; this stops zip bombs. */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** Exports up to this size are read into memory (fastest); larger ones are read entry by entry from disk. */
export const IN_MEMORY_LIMIT = 512 * 1024 * 1024;

const STORED = 0;
const DEFLATED = 8;

function openZip(path: string, inMemoryLimit: number): Promise<{ zip: yauzl.ZipFile; read: (start: number, length: number) => Buffer; close: () => void }> {
  const size = statSync(path).size;
  const options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false };
  if (size <= inMemoryLimit) {
    const buffer = readFileSync(path);
    return new Promise((resolve, reject) =>
      yauzl.fromBuffer(buffer, options, (error, zip) =>
        error ? reject(error) : resolve({ zip, read: (start, length) => buffer.subarray(start, start + length), close: () => zip.close() }),
      ),
    );
  }
  const fd = openSync(path, 'r');
  return new Promise((resolve, reject) =>
    yauzl.fromFd(fd, options, (error, zip) => {
      if (error) {
        closeSync(fd);
        return reject(error);
      }
      const read = (start: number, length: number): Buffer => {
        const out = Buffer.alloc(length);
        let done = 0;
        while (done < length) {
          const n = readSync(fd, out, done, length - done, start + done);
          if (n === 0) throw new Error('unexpected end of file');
          done += n;
        }
        return out;
      };
      resolve({ zip, read, close: () => zip.close() });
    }),
  );
}

/**
 * Reads the zip's entries one at a time. The listeners are attached once per zip (not once per
 * entry): an export has hundreds of thousands of entries.
 */
function entryReader(zip: yauzl.ZipFile): () => Promise<yauzl.Entry | undefined> {
  let waiting: { resolve: (entry: yauzl.Entry | undefined) => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  let ended = false;
  const settle = (entry: yauzl.Entry | undefined, error?: Error): void => {
    const waiter = waiting;
    waiting = undefined;
    if (error) waiter?.reject(error);
    else waiter?.resolve(entry);
  };
  zip.on('entry', (entry: yauzl.Entry) => settle(entry));
  zip.on('end', () => {
    ended = true;
    settle(undefined);
  });
  zip.on('error', (error: Error) => {
    failure = error;
    settle(undefined, error);
  });
  return () =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      if (ended) return resolve(undefined);
      waiting = { resolve, reject };
      zip.readEntry();
    });
}

/**
 * The `.json` entries of a zip file, one at a time. yauzl parses the archive; each entry's data is
 * sliced at the offset yauzl reports, inflated in one call and checked against its recorded size
 * and CRC. Nothing is extracted to disk; entry names are only used in messages.
 */
export async function* zipJsonEntries(path: string, inMemoryLimit = IN_MEMORY_LIMIT): AsyncGenerator<ZipJsonEntry> {
  const { zip, read, close } = await openZip(path, inMemoryLimit);
  const nextEntry = entryReader(zip);
  try {
    for (let entry = await nextEntry(); entry; entry = await nextEntry()) {
      if (entry.fileName.endsWith('/') || !entry.fileName.endsWith('.json')) continue;
      const name = entry.fileName;
      if (entry.uncompressedSize > MAX_RECORD_BYTES) {
        yield { name, problem: `entry is ${entry.uncompressedSize} bytes, more than the ${MAX_RECORD_BYTES} accepted for one record` };
        continue;
      }
      if (entry.isEncrypted()) {
        yield { name, problem: 'entry is encrypted' };
        continue;
      }
      if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
        yield { name, problem: `unsupported compression method ${entry.compressionMethod}` };
        continue;
      }
      try {
        const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
        const raw = read(fileDataStart, entry.compressedSize);
        if (raw.length !== entry.compressedSize) throw new Error('entry data runs past the end of the file');
        const data = entry.compressionMethod === DEFLATED ? inflateRawSync(raw, { maxOutputLength: MAX_RECORD_BYTES }) : raw;
        if (data.length !== entry.uncompressedSize) throw new Error(`entry inflates to ${data.length} bytes, not the ${entry.uncompressedSize} recorded`);
        if (crc32(data) !== entry.crc32) throw new Error('entry fails its CRC check');
        yield { name, text: data.toString('utf8') };
      } catch (error) {
        yield { name, problem: error instanceof Error ? error.message : String(error) };
      }
    }
  } finally {
    close();
  }
}
