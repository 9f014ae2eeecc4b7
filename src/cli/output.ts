import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

/** Writes chunks to a file or stdout synchronously, batching small chunks. */
export function writeChunks(chunks: Iterable<string>, outputFile: string | undefined): void {
  let fd: number;
  if (outputFile) {
    try {
      fd = openSync(outputFile, 'w');
    } catch (error) {
      throw new UsageError(`cannot write ${outputFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else fd = 1;
  let pending = '';
  const flush = () => {
    let buf = Buffer.from(pending, 'utf8');
    while (buf.length > 0) {
      try {
        const n = writeSync(fd, buf);
        buf = buf.subarray(n);
      } catch (error) {
        // A pipe that is momentarily full (stdout to a slow reader): try again.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
        throw error;
      }
    }
    pending = '';
  };
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length > 1 << 20) flush();
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
