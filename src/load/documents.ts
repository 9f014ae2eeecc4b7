import { isUtf8 } from 'node:buffer';

/** One YAML document of a stream, with where it sits in its file. */
export interface RawDocument {
  text: string;
  /** 1-based line in the file where the document's text begins. */
  firstLine: number;
  /** 1-based line of the document's first content (not blank, comment or `---`). */
  contentLine: number;
  index: number;
  /** `# Source: chart/templates/x.yaml` from Helm's rendered output. */
  helmSource?: string;
  /** True when the document has no content at all (only comments or blanks). */
  empty: boolean;
}

const DASH = 0x2d;
const DOT = 0x2e;
const NEWLINE = 0x0a;

function isMarkerLine(buf: Buffer, start: number, end: number, marker: number): boolean {
  if (end - start < 3 || buf[start] !== marker || buf[start + 1] !== marker || buf[start + 2] !== marker) return false;
  if (end - start === 3) return true;
  const next = buf[start + 3];
  return next === 0x20 || next === 0x09 || next === 0x0d;
}

const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/;

/**
 * Splits a YAML stream into documents at `---` / `...` lines, working on bytes so that files
 * larger than a JavaScript string can hold are still split. Each document is decoded alone.
 * With `keepEmpty`, documents holding only comments are kept too, so that the texts of all
 * documents concatenate to the whole input (after a byte order mark).
 */
export function splitDocuments(buf: Buffer, keepEmpty = false): RawDocument[] {
  const documents: RawDocument[] = [];
  const push = (start: number, end: number, firstLine: number) => {
    const doc = describe(buf.toString('utf8', start, end), firstLine, documents.length);
    documents.push(doc);
  };
  // Skip a UTF-8 byte order mark.
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let docStart = bom;
  let docFirstLine = 1;
  let line = 1;
  let pos = bom;
  while (pos < buf.length) {
    let lineEnd = buf.indexOf(NEWLINE, pos);
    if (lineEnd < 0) lineEnd = buf.length;
    if (isMarkerLine(buf, pos, lineEnd, DASH)) {
      // `---` opens a document: the marker line belongs to the new document.
      if (pos > docStart) push(docStart, pos, docFirstLine);
      docStart = pos;
      docFirstLine = line;
    } else if (isMarkerLine(buf, pos, lineEnd, DOT)) {
      // `...` ends a document: it belongs to the old one.
      const next = Math.min(lineEnd + 1, buf.length);
      push(docStart, next, docFirstLine);
      docStart = next;
      docFirstLine = line + 1;
    }
    pos = lineEnd + 1;
    line++;
  }
  if (docStart < buf.length) push(docStart, buf.length, docFirstLine);
  return keepEmpty ? documents : documents.filter((d) => !d.empty);
}

function describe(text: string, firstLine: number, index: number): RawDocument {
  let helmSource: string | undefined;
  let contentLine = firstLine;
  let empty = true;
  let offset = 0;
  let lineNo = firstLine;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const raw = text.slice(offset, end);
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) {
      const source = HELM_SOURCE.exec(trimmed);
      if (source && helmSource === undefined) helmSource = source[1];
    } else if (trimmed !== '' && !/^(---|\.\.\.)\s*(#.*)?$/.test(trimmed) && !trimmed.startsWith('%')) {
      empty = false;
      contentLine = lineNo;
      break;
    }
    if (end === text.length) break;
    offset = end + 1;
    lineNo++;
  }
  const doc: RawDocument = { text, firstLine, contentLine, index, empty };
  if (helmSource !== undefined) doc.helmSource = helmSource;
  return doc;
}

/** 1-based line of the first byte that is not valid UTF-8, or undefined when the buffer is valid. */
export function firstInvalidUtf8Line(buf: Buffer): number | undefined {
  if (isUtf8(buf)) return undefined;
  // A newline byte never occurs inside a multi-byte character, so lines can be checked alone.
  let line = 1;
  let pos = 0;
  while (pos < buf.length) {
    let end = buf.indexOf(NEWLINE, pos);
    if (end < 0) end = buf.length;
    if (!isUtf8(buf.subarray(pos, end))) return line;
    pos = end + 1;
    line++;
  }
  return line;
}

/** Binary content: a NUL byte in the first 8 KiB, as git and grep decide. */
export function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}
