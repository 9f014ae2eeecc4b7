import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AuditEvent, notAnEventReason } from './event.js';

/**
 * Audit log input: JSON lines (one Event, or one EventList, per line) from files, stdin or a
 * file being appended to. A line that is not an audit event is a problem reported with its file
 * and line; it never stops the reading.
 */

export interface ReadProblem {
  file: string;
  line: number;
  message: string;
}

/** Longest line accepted: an API server line is a few hundred kB at most even at RequestResponse. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export type LineParse = { events: AuditEvent[] } | { error: string };

/** The events one JSON value holds: itself when it is an Event, its items when it is an EventList. */
export function eventsOfValue(value: unknown): LineParse {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && (value as { kind?: unknown }).kind === 'EventList') {
    const items = (value as { items?: unknown }).items;
    if (items === null || items === undefined) return { events: [] };
    if (!Array.isArray(items)) return { error: 'EventList items is not a list' };
    const events: AuditEvent[] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as { kind?: unknown };
      // Items of an EventList may omit kind: the list says what they are.
      const candidate = item !== null && typeof item === 'object' && item.kind === undefined ? { ...item, kind: 'Event' } : item;
      const reason = notAnEventReason(candidate);
      if (reason) return { error: `EventList item ${i}: ${reason}` };
      events.push(candidate as AuditEvent);
    }
    return { events };
  }
  const reason = notAnEventReason(value);
  return reason ? { error: reason } : { events: [value as AuditEvent] };
}

export function parseAuditLine(text: string): LineParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON: ${(e as Error).message}` };
  }
  return eventsOfValue(value);
}

/**
 * Splits a byte stream into lines without buffering more than one line, decoding UTF-8 across
 * chunk boundaries. Over-long lines are skipped and reported instead of exhausting memory.
 */
export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private pending = '';
  private skipping = false;
  private lineNo = 0;

  constructor(
    private readonly onLine: (line: string, lineNo: number) => void,
    private readonly onTooLong: (lineNo: number) => void,
    private readonly maxChars = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const piece = text.slice(start, nl);
      start = nl + 1;
      this.lineNo++;
      if (this.skipping) {
        this.skipping = false;
        this.pending = '';
        continue;
      }
      const line = this.pending.length > 0 ? this.pending + piece : piece;
      this.pending = '';
      this.onLine(line, this.lineNo);
    }
    if (start < text.length && !this.skipping) {
      this.pending += text.slice(start);
      if (this.pending.length > this.maxChars) {
        this.onTooLong(this.lineNo + 1);
        this.pending = '';
        this.skipping = true;
      }
    }
  }

  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest.length > 0 && !this.skipping) {
      this.lineNo++;
      this.onLine(rest, this.lineNo);
    }
    this.skipping = false;
  }
}

export interface ReadStats {
  events: number;
  lines: number;
  problems: number;
}

/** Makes a line handler that parses audit lines, feeding events and problems to callbacks. */
export function auditLineHandler(file: string, onEvent: (ev: AuditEvent) => void, onProblem: (p: ReadProblem) => void, stats: ReadStats) {
  return {
    line(text: string, lineNo: number): void {
      stats.lines++;
      if (text.trim() === '') return;
      const parsed = parseAuditLine(text);
      if ('error' in parsed) {
        stats.problems++;
        onProblem({ file, line: lineNo, message: parsed.error });
        return;
      }
      for (const ev of parsed.events) {
        stats.events++;
        onEvent(ev);
      }
    },
    tooLong(lineNo: number): void {
      stats.problems++;
      onProblem({ file, line: lineNo, message: `line longer than ${MAX_LINE_BYTES} bytes; skipped` });
    },
  };
}

/** Reads a whole stream of audit JSON lines. */
export async function readAuditStream(
  input: Readable,
  file: string,
  onEvent: (ev: AuditEvent) => void,
  onProblem: (p: ReadProblem) => void,
  /** Awaited after each chunk: lets a slow consumer (a full webhook queue) hold the reading back. */
  afterChunk?: () => Promise<void>,
): Promise<ReadStats> {
  const stats: ReadStats = { events: 0, lines: 0, problems: 0 };
  const handler = auditLineHandler(file, onEvent, onProblem, stats);
  const splitter = new LineSplitter(handler.line, handler.tooLong);
  for await (const chunk of input) {
    splitter.push(chunk as Buffer);
    if (afterChunk) await afterChunk();
  }
  splitter.end();
  return stats;
}

export interface FollowOptions {
  /** How often to look for new data and for rotation. */
  pollMs?: number;
  /** Start at the current end of the file (like `tail -f`) instead of its beginning. */
  fromEnd?: boolean;
  signal: AbortSignal;
}

/**
 * Follows a file being appended to, like `tail -F`: new lines are read as they are written; when
 * the file is rotated (renamed away and recreated, or truncated) the rest of the old file is read
 * and reading continues from the start of the new one. Ends when the signal aborts.
 */
export async function followAuditFile(
  path: string,
  onEvent: (ev: AuditEvent) => void,
  onProblem: (p: ReadProblem) => void,
  options: FollowOptions,
): Promise<ReadStats> {
  const stats: ReadStats = { events: 0, lines: 0, problems: 0 };
  const pollMs = options.pollMs ?? 250;
  const buffer = Buffer.alloc(1 << 20);
  let fd: number | undefined;
  let ino = -1;
  let position = 0;
  let splitter: LineSplitter | undefined;

  const open = (atEnd: boolean): void => {
    try {
      fd = openSync(path, 'r');
    } catch {
      fd = undefined;
      return;
    }
    const st = fstatSync(fd);
    ino = st.ino;
    position = atEnd ? st.size : 0;
    const handler = auditLineHandler(path, onEvent, onProblem, stats);
    splitter = new LineSplitter(handler.line, handler.tooLong);
  };
  const drain = (): void => {
    if (fd === undefined || !splitter) return;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, position);
      if (n <= 0) return;
      position += n;
      splitter.push(buffer.subarray(0, n));
    }
  };
  const closeCurrent = (): void => {
    if (fd === undefined) return;
    drain();
    splitter?.end();
    closeSync(fd);
    fd = undefined;
  };

  open(options.fromEnd === true);
  while (!options.signal.aborted) {
    if (fd !== undefined) {
      const size = fstatSync(fd).size;
      if (size < position) {
        // Truncated in place (copytruncate rotation): start over from the beginning.
        splitter?.end();
        position = 0;
        const handler = auditLineHandler(path, onEvent, onProblem, stats);
        splitter = new LineSplitter(handler.line, handler.tooLong);
      }
      drain();
    }
    let currentIno: number | undefined;
    try {
      currentIno = statSync(path).ino;
    } catch {
      currentIno = undefined;
    }
    if (currentIno !== undefined && currentIno !== ino) {
      closeCurrent();
      open(false);
      drain();
    }
    await sleep(pollMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
  closeCurrent();
  return stats;
}
