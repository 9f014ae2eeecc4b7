import { closeSync, openSync, writeSync, writevSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

/**
 * Writes chunks to a file or stdout synchronously: text batched into large writes, byte chunks
 * gathered into vectored writes (a large JSON report is hundreds of thousands of views of its
 * encoded findings, written without copying them together first).
 */
export function writeChunks(chunks: Iterable<string | Uint8Array>, outputFile: string | undefined): void {
  let fd: number;
  if (outputFile) {
    try {
      fd = openSync(outputFile, 'w');
    } catch (error) {
      throw new UsageError(`cannot write ${outputFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else fd = 1;
  let closed = false;
  let text = '';
  let views: Uint8Array[] = [];
  let viewBytes = 0;
  const writeViews = () => {
    let pending = views;
    views = [];
    viewBytes = 0;
    while (pending.length > 0 && !closed) {
      let written: number;
      try {
        written = pending.length === 1 ? writeSync(fd, pending[0]!) : writevSync(fd, pending);
      } catch (error) {
        // A pipe that is momentarily full (stdout to a slow reader): try again.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
          closed = true;
          return;
        }
        throw error;
      }
      let i = 0;
      while (i < pending.length && written >= pending[i]!.length) written -= pending[i++]!.length;
      pending = pending.slice(i);
      if (written > 0) pending[0] = pending[0]!.subarray(written);
    }
  };
  const addView = (view: Uint8Array) => {
    if (view.length === 0) return;
    views.push(view);
    viewBytes += view.length;
    if (views.length >= MAX_VIEWS || viewBytes >= 4 << 20) writeViews();
  };
  const flushText = () => {
    if (text !== '') addView(Buffer.from(text, 'utf8'));
    text = '';
  };
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      text += chunk;
      if (text.length > 1 << 20) flushText();
    } else {
      flushText();
      addView(chunk);
    }
  }
  flushText();
  writeViews();
  if (outputFile) closeSync(fd);
}

/** Buffers per vectored write (Linux takes at most 1024). */
const MAX_VIEWS = 1024;

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(outputFile: string | undefined): boolean {
  return !outputFile && process.stdout.isTTY === true && !process.env.NO_COLOR;
}

export function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}
