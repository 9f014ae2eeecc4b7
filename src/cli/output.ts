import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

/** Writes chunks to a file or stdout synchronously, batching small text chunks. */
export function writeChunks(chunks: Iterable<string | Uint8Array>, outputFile: string | undefined): void {
  let fd: number;
  if (outputFile) {
    try {
      fd = openSync(outputFile, 'w');
    } catch (error) {
      throw new UsageError(`cannot write ${outputFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else fd = 1;
  let pending = '';
  let closed = false;
  const write = (bytes: Uint8Array) => {
    let buf = bytes;
    while (buf.length > 0 && !closed) {
      try {
        const n = writeSync(fd, buf);
        buf = buf.subarray(n);
      } catch (error) {
        // A pipe that is momentarily full (stdout to a slow reader): try again.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
          closed = true;
          return;
        }
        throw error;
      }
    }
  };
  const flush = () => {
    if (pending !== '') write(Buffer.from(pending, 'utf8'));
    pending = '';
  };
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      pending += chunk;
      if (pending.length > 1 << 20) flush();
    } else {
      flush();
      write(chunk);
    }
  }
  flush();
  if (outputFile) closeSync(fd);
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(outputFile: string | undefined): boolean {
  return !outputFile && process.stdout.isTTY === true && !process.env.NO_COLOR;
}

export function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}
