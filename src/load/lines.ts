import { yamlLibraryLocator } from './parse.js';

/**
 * Finds the line of a field in a block-style YAML document by indentation alone, without
 * building a syntax tree: findings need lines, parsing for them would double the scan time.
 * Returns the 0-based line within `text` of the deepest part of `path` that exists, or
 * undefined when the document is not plain block YAML (flow style, JSON), in which case the
 * caller falls back to the full parser.
 */
export function locateInBlockYaml(
  lines: readonly string[],
  path: readonly (string | number)[],
  /** Steps already taken for path prefixes of this document (many findings share prefixes). */
  memo: StepMemo = newStepMemo(),
): number | undefined {
  if (memo.first === undefined) memo.first = firstContentLine(lines, 0) ?? null;
  const first = memo.first;
  if (first === null) return undefined;
  let line: number = first;
  let col: number = indentOf(lines[line]!);
  let reported: number = first;
  if (isFlowStart(lines[line]!, col)) return undefined;
  let step = memo;
  for (const segment of path) {
    // Keys and indexes live in separate maps: the key "0" is not the item 0.
    const children = typeof segment === 'number' ? (step.items ??= new Map()) : (step.keys ??= new Map());
    let next = children.get(segment);
    if (next === undefined) {
      next = { found: typeof segment === 'number' ? findItem(lines, line, col, segment) : findKey(lines, line, col, segment) };
      children.set(segment, next);
    }
    step = next;
    const found = next.found;
    if (found === undefined) return reported;
    if (found === 'flow') return undefined;
    reported = found.keyLine;
    line = found.line;
    col = found.col;
    // A scalar on the key's own line: there is nothing deeper to find.
    if (found.inline) return reported;
  }
  return reported;
}

/**
 * A tree of path steps already resolved in one document, one node per path prefix, so that
 * findings sharing a prefix do not search for it again (and no key string is built per step).
 */
export interface StepMemo {
  /** At the root: the document's first content line (null: none, or not block YAML). */
  first?: number | null;
  found?: Located | 'flow' | undefined;
  keys?: Map<string | number, StepMemo>;
  items?: Map<string | number, StepMemo>;
}

function newStepMemo(): StepMemo {
  return {};
}

interface Located {
  /** Line of the key (or sequence dash) itself: what a finding points at. */
  keyLine: number;
  /** Where the value's content starts, for searching deeper. */
  line: number;
  col: number;
  /** The value sits on the same line as its key (a scalar). */
  inline: boolean;
}

function indentOf(text: string): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  return i;
}

function isBlankOrComment(text: string): boolean {
  const i = indentOf(text);
  if (i >= text.length || text.charCodeAt(i) === 35 /* # */) return true;
  // Only whitespace after the indentation (tabs, a carriage return): no allocation, this runs per line.
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    // Beyond ASCII, whitespace is whatever trim() says it is.
    return c < 128 ? false : text.slice(j).trim() === '';
  }
  return true;
}

function firstContentLine(lines: readonly string[], from: number): number | undefined {
  for (let i = from; i < lines.length; i++) {
    const text = lines[i]!;
    if (isBlankOrComment(text)) continue;
    const trimmed = text.trim();
    if (trimmed.startsWith('%')) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(trimmed)) {
      if (/^---\s*(#.*)?$/.test(trimmed)) continue;
      return undefined; // content on the marker line: leave it to the full parser
    }
    return i;
  }
  return undefined;
}

function isFlowStart(text: string, col: number): boolean {
  const c = text[col];
  return c === '{' || c === '[';
}

/**
 * True when the flow collection starting at `start` closes on the same line: then every field
 * inside it is on that line, and the line is the answer for any path into it.
 */
function flowClosesOnLine(text: string, start: number): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return true;
    } else if (c === '#' && text[i - 1] === ' ') return false;
  }
  return false;
}

/** Parses a mapping key at `col`; returns the key and the column after its colon. */
function keyAt(text: string, col: number): { key: string; after: number } | undefined {
  const first = text[col];
  if (first === '"' || first === "'") {
    let i = col + 1;
    let key = '';
    while (i < text.length) {
      const c = text[i]!;
      if (c === first) {
        if (first === "'" && text[i + 1] === "'") {
          key += "'";
          i += 2;
          continue;
        }
        break;
      }
      if (first === '"' && c === '\\' && i + 1 < text.length) {
        key += text[i + 1];
        i += 2;
        continue;
      }
      key += c;
      i++;
    }
    if (text[i + 1] !== ':') return undefined;
    return { key, after: i + 2 };
  }
  const colon = text.indexOf(':', col);
  if (colon < 0) return undefined;
  // A plain key ends at the first ": " (or a colon at end of line).
  let c = colon;
  while (c >= 0 && c + 1 < text.length && text[c + 1] !== ' ' && text[c + 1] !== '\t') {
    c = text.indexOf(':', c + 1);
    if (c < 0) return undefined;
  }
  return { key: text.slice(col, c).trimEnd(), after: c + 1 };
}

/**
 * Where the value after `key` starts when the mapping key at `col` is exactly `key` (the column
 * after its colon), else -1: what `keyAt` answers, without building the key of every line
 * searched. Keys that are quoted, hold a colon or are followed by unusual spacing go to `keyAt`.
 */
function keyEndAt(text: string, col: number, key: string): number {
  const first = text.charCodeAt(col);
  if (first === 34 /* " */ || first === 39 /* ' */ || key.includes(':')) return viaKeyAt(text, col, key);
  if (!text.startsWith(key, col)) return -1;
  let j = col + key.length;
  // What trimEnd() would take off the key: ASCII whitespace here, anything wider goes to keyAt.
  while (j < text.length && (text.charCodeAt(j) === 32 || (text.charCodeAt(j) >= 9 && text.charCodeAt(j) <= 13))) j++;
  if (text.charCodeAt(j) !== 58 /* : */) return j < text.length && text.charCodeAt(j) > 127 ? viaKeyAt(text, col, key) : -1;
  const next = text.charCodeAt(j + 1);
  // A colon not followed by a space ends no plain key: the key goes on (`a:b: c`), so it is not `key`.
  return j + 1 === text.length || next === 32 || next === 9 ? j + 1 : -1;
}

function viaKeyAt(text: string, col: number, key: string): number {
  const parsed = keyAt(text, col);
  return parsed !== undefined && parsed.key === key ? parsed.after : -1;
}

/** Column where the value after a key or dash starts, or -1 when nothing (but a comment) follows. */
function valueStart(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  // Anchors and tags introduce a value without being it.
  while (i < text.length && (text[i] === '&' || text[i] === '!')) {
    while (i < text.length && text[i] !== ' ') i++;
    while (i < text.length && text[i] === ' ') i++;
  }
  if (i >= text.length || text[i] === '#') return -1;
  return i;
}

function childBlock(lines: readonly string[], keyLine: number, keyCol: number, sequenceAllowedAtSameIndent: boolean): Located | undefined {
  const next = firstContentLine(lines, keyLine + 1);
  if (next === undefined) return undefined;
  const text = lines[next]!;
  const col = indentOf(text);
  if (col > keyCol || (sequenceAllowedAtSameIndent && col === keyCol && text[col] === '-' && (text[col + 1] === ' ' || col + 1 === text.length))) {
    return { keyLine, line: next, col, inline: false };
  }
  return undefined;
}

function findKey(lines: readonly string[], start: number, col: number, key: string): Located | 'flow' | undefined {
  for (let i = start; i < lines.length; i++) {
    const text = lines[i]!;
    if (i !== start) {
      if (isBlankOrComment(text)) continue;
      const indent = indentOf(text);
      if (indent < col) return undefined;
      if (indent > col) continue;
    } else if (isFlowStart(text, col)) return 'flow';
    const after = keyEndAt(text, col, key);
    if (after < 0) continue;
    const value = valueStart(text, after);
    if (value >= 0) {
      const c = text[value];
      if ((c === '{' || c === '[') && !flowClosesOnLine(text, value)) return 'flow';
      return { keyLine: i, line: i, col: value, inline: true };
    }
    return childBlock(lines, i, col, true) ?? { keyLine: i, line: i, col, inline: true };
  }
  return undefined;
}

function findItem(lines: readonly string[], start: number, col: number, index: number): Located | 'flow' | undefined {
  let seen = -1;
  for (let i = start; i < lines.length; i++) {
    const text = lines[i]!;
    if (isBlankOrComment(text)) continue;
    const indent = indentOf(text);
    if (i === start && isFlowStart(text, col)) return 'flow';
    if (indent < col) return undefined;
    if (indent > col) continue;
    if (text[col] !== '-' || !(text[col + 1] === ' ' || col + 1 === text.length)) return undefined;
    seen++;
    if (seen !== index) continue;
    const value = valueStart(text, col + 1);
    if (value >= 0) {
      const c = text[value];
      if (c === '{' || c === '[') return flowClosesOnLine(text, value) ? { keyLine: i, line: i, col: value, inline: true } : 'flow';
      // `- key: value` starts a mapping on the dash line; `- scalar` is the item itself.
      return { keyLine: i, line: i, col: value, inline: keyAt(text, value) === undefined };
    }
    return childBlock(lines, i, col, false) ?? { keyLine: i, line: i, col, inline: true };
  }
  return undefined;
}

/** Line (1-based, in the file) of a field in a document that starts at `firstLine`. */
export class DocumentLocator {
  private lines: string[] | undefined;
  private readonly memo: StepMemo = {};
  private fallback: ((path: readonly (string | number)[]) => number | undefined) | undefined;

  constructor(
    private readonly text: string,
    private readonly firstLine: number,
  ) {}

  /** Line (1-based, in the file) of a field of this document. */
  lineOf(path: readonly (string | number)[]): number {
    this.lines ??= this.text.split('\n');
    const found = locateInBlockYaml(this.lines, path, this.memo);
    if (found !== undefined) return this.firstLine + found;
    this.fallback ??= yamlLibraryLocator(this.text);
    const viaParser = this.fallback(path);
    return viaParser !== undefined ? this.firstLine + viaParser - 1 : this.firstLine;
  }
}
