import type { FieldPath } from '../core/path.js';
import { yamlLibraryLocator } from './parse.js';

/**
 * One path prefix resolved in a document. The steps taken form a tree, one node per prefix, so
 * that findings sharing a prefix do not search for it again.
 */
class Step {
  /** Keys already looked up in this one, linked through `sibling`: a mapping has few, fewer than a Map pays for. */
  child: Step | undefined = undefined;
  sibling: Step | undefined = undefined;
  /** Items already looked up in this one, by index: a list can have thousands (the items of a List). */
  itemSteps: Step[] | undefined = undefined;
  /** When the value is a block and has been searched: the lines of its entries found so far (see `entryOf`). */
  entries: number[] | undefined = undefined;
  /** The next line to look at for more entries, or -1 once the block's end is reached. */
  scanFrom: number;
  /** How many of the first entries are known to be sequence items (dashes), so that the item k of a long list is not counted up to again. */
  knownItems = 0;

  constructor(
    /** The key that led here, for later lookups among its siblings (none for the root and items, looked up by index). */
    readonly key: string | undefined,
    /** Line of the key (or sequence dash), or of the deepest existing ancestor when the field is missing: what a finding points at. */
    readonly keyLine: number,
    /** Where the value's content starts, for searching deeper. */
    readonly line: number,
    readonly col: number,
    /** `deeper`: the value is a block to search; `end`: nothing deeper to find (a scalar, or missing); `parser`: not block YAML here. */
    readonly next: 'deeper' | 'end' | 'parser',
  ) {
    this.scanFrom = line + 1;
  }
}

const ASCII_SPACE = 32;
const TAB = 9;
const HASH = 35;
const PERCENT = 37;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const CARRIAGE_RETURN = 13;

function isAsciiWhitespace(c: number): boolean {
  return c === ASCII_SPACE || (c >= TAB && c <= 13);
}

/**
 * Finds the lines of fields in a block-style YAML document by indentation alone, without
 * building a syntax tree: findings need lines, parsing for them would double the scan time.
 * Lines are read in place in the document's text, indexed only as far as a search goes: a
 * document is often located for a single finding near its top (inventory-wide checks report
 * after every document's own findings, when its locator is long gone).
 */
export class BlockYamlLocator {
  /** Offset of each indexed line's start in `text`, then of the line after: line i is text[starts[i], starts[i + 1] - 1). */
  private readonly starts: number[] = [0];
  /** Of each indexed line, the offset of its first character after the indentation, or -1 when it is blank or a comment. */
  private readonly contents: number[] = [];
  private readonly root: Step;

  constructor(private readonly text: string) {
    this.root = this.rootStep();
  }

  /**
   * 0-based line within the text of the deepest part of `within` then `path` that exists, or
   * undefined when the document is not plain block YAML (flow style, JSON), in which case the
   * caller falls back to the full parser.
   */
  lineOf(path: FieldPath, within?: FieldPath): number | undefined {
    let step = within === undefined ? this.root : this.descend(this.root, within);
    step = this.descend(step, path);
    return step.next === 'parser' ? undefined : step.keyLine;
  }

  private descend(from: Step, path: FieldPath): Step {
    let step = from;
    for (let i = 0; i < path.length && step.next === 'deeper'; i++) step = this.childOf(step, path[i]!);
    return step;
  }

  private childOf(parent: Step, segment: string | number): Step {
    if (typeof segment === 'number') {
      const itemSteps = (parent.itemSteps ??= []);
      return (itemSteps[segment] ??= this.findItem(parent, segment));
    }
    for (let known = parent.child; known !== undefined; known = known.sibling) if (known.key === segment) return known;
    const found = this.findKey(parent, segment);
    found.sibling = parent.child;
    parent.child = found;
    return found;
  }

  private rootStep(): Step {
    const first = this.firstContentLine(0);
    if (first === undefined) return new Step(undefined, 0, 0, 0, 'parser');
    const col = this.indentOf(first);
    if (this.isFlowStart(this.contents[first]!, this.endOf(first))) return new Step(undefined, 0, 0, 0, 'parser');
    return new Step(undefined, first, first, col, 'deeper');
  }

  /** True when the text has a line `line`, indexing the lines up to it. */
  private hasLine(line: number): boolean {
    const { text, starts, contents } = this;
    while (contents.length <= line) {
      const start = starts[contents.length]!;
      if (start > text.length) return false;
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      starts.push(end + 1);
      contents.push(this.contentAt(start, end));
    }
    return true;
  }

  /**
   * Offset of the end of an indexed line: its line break (a carriage return before the newline
   * belongs to it, as YAML reads CRLF), or the end of the text.
   */
  private endOf(line: number): number {
    const end = this.starts[line + 1]! - 1;
    return end > this.starts[line]! && this.text.charCodeAt(end - 1) === CARRIAGE_RETURN ? end - 1 : end;
  }

  /** Leading spaces of an indexed line that is not blank. */
  private indentOf(line: number): number {
    return this.contents[line]! - this.starts[line]!;
  }

  /**
   * Offset of the first character after the indentation of the line from `start` to `end`, or
   * -1 when the line is blank or a comment. Reads stay inside the text: reading past its end (on
   * the last line) made every search about 1.5 times as costly, V8 leaving its fast path for
   * charCodeAt once it saw an out-of-bounds read.
   */
  private contentAt(start: number, end: number): number {
    const text = this.text;
    let content = start;
    while (content < end && text.charCodeAt(content) === ASCII_SPACE) content++;
    if (content >= end || text.charCodeAt(content) === HASH) return -1;
    // Only whitespace after the indentation (tabs, a carriage return) is a blank line too.
    for (let i = content; i < end; i++) {
      const c = text.charCodeAt(i);
      if (isAsciiWhitespace(c)) continue;
      // Beyond ASCII, whitespace is whatever trim() says it is.
      return c < 128 || text.slice(i, end).trim() !== '' ? content : -1;
    }
    return -1;
  }

  private firstContentLine(from: number): number | undefined {
    const text = this.text;
    for (let line = from; this.hasLine(line); line++) {
      const content = this.contents[line]!;
      if (content < 0) continue;
      const end = this.endOf(line);
      const c = text.charCodeAt(content);
      if (c === PERCENT) continue; // a directive
      const mayBeMarker = (c === DASH || c === DOT) && content + 2 < end && text.charCodeAt(content + 1) === c && text.charCodeAt(content + 2) === c;
      if (c < 128 && !isAsciiWhitespace(c) && !mayBeMarker) return line;
      // A marker, or other whitespace first: decide on the trimmed line, as the document splitter does.
      const trimmed = text.slice(this.starts[line], end).trim();
      if (trimmed.startsWith('%')) continue;
      if (/^(---|\.\.\.)(\s|$)/.test(trimmed)) {
        if (/^---\s*(#.*)?$/.test(trimmed)) continue;
        return undefined; // content on the marker line: leave it to the full parser
      }
      return line;
    }
    return undefined;
  }

  private isFlowStart(at: number, end: number): boolean {
    if (at >= end) return false;
    const c = this.text[at];
    return c === '{' || c === '[';
  }

  /**
   * True when the flow collection starting at `from` closes on its line (ending at `end`): then
   * every field inside it is on that line, and the line is the answer for any path into it.
   */
  private flowClosesOnLine(from: number, end: number): boolean {
    const text = this.text;
    let depth = 0;
    let quote: string | undefined;
    for (let i = from; i < end; i++) {
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

  /**
   * Where the value after `key` starts when the mapping key at `col` of the line is exactly
   * `key` (the column after its colon), else -1: what `keyAt` answers, without building the key
   * of every line searched. Keys that are quoted, hold a colon or are followed by unusual
   * spacing go to `keyAt`.
   */
  private keyEndAt(start: number, end: number, col: number, key: string): number {
    const text = this.text;
    const at = start + col;
    const first = text.charCodeAt(at);
    if (first === 34 /* " */ || first === 39 /* ' */) return this.viaKeyAt(start, end, col, key);
    // An unquoted key starts with the line's first character: most lines are told apart by it alone.
    if (key.length > 0 && first !== key.charCodeAt(0)) return -1;
    if (key.includes(':')) return this.viaKeyAt(start, end, col, key);
    if (at + key.length > end || !text.startsWith(key, at)) return -1;
    let j = at + key.length;
    // What trimEnd() would take off the key: ASCII whitespace here, anything wider goes to keyAt.
    while (j < end && isAsciiWhitespace(text.charCodeAt(j))) j++;
    if (j === end) return -1;
    if (text.charCodeAt(j) !== COLON) return text.charCodeAt(j) > 127 ? this.viaKeyAt(start, end, col, key) : -1;
    // A colon not followed by a space ends no plain key: the key goes on (`a:b: c`), so it is not `key`.
    return j + 1 === end || text.charCodeAt(j + 1) === ASCII_SPACE || text.charCodeAt(j + 1) === TAB ? j + 1 - start : -1;
  }

  private viaKeyAt(start: number, end: number, col: number, key: string): number {
    const parsed = keyAt(this.text.slice(start, end), col);
    return parsed !== undefined && parsed.key === key ? parsed.after : -1;
  }

  /** True when a mapping key starts at `col` of the line: `keyAt` would find one. */
  private startsKey(start: number, end: number, col: number): boolean {
    const text = this.text;
    const first = text.charCodeAt(start + col);
    if (first === 34 /* " */ || first === 39 /* ' */) return keyAt(text.slice(start, end), col) !== undefined;
    // A plain key ends at the first ": " (or a colon at end of line).
    for (let c = text.indexOf(':', start + col); c >= 0 && c < end; c = text.indexOf(':', c + 1)) {
      if (c + 1 === end || text.charCodeAt(c + 1) === ASCII_SPACE || text.charCodeAt(c + 1) === TAB) return true;
    }
    return false;
  }

  /** Column where the value after a key or dash starts, or -1 when nothing (but a comment) follows. */
  private valueStart(start: number, end: number, from: number): number {
    const text = this.text;
    let i = start + from;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    // Anchors and tags introduce a value without being it.
    while (i < end && (text[i] === '&' || text[i] === '!')) {
      while (i < end && text[i] !== ' ') i++;
      while (i < end && text[i] === ' ') i++;
    }
    if (i >= end || text[i] === '#') return -1;
    return i - start;
  }

  private childBlock(key: string | undefined, keyLine: number, keyCol: number, sequenceAllowedAtSameIndent: boolean): Step | undefined {
    const next = this.firstContentLine(keyLine + 1);
    if (next === undefined) return undefined;
    const col = this.indentOf(next);
    if (col > keyCol || (sequenceAllowedAtSameIndent && col === keyCol && this.isDash(this.contents[next]!, this.endOf(next)))) {
      return new Step(key, keyLine, next, col, 'deeper');
    }
    return undefined;
  }

  /** A sequence entry's dash at `at`: `-` then a space or the end of the line. */
  private isDash(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 === end || this.text.charCodeAt(at + 1) === ASCII_SPACE);
  }

  /**
   * Line of the entry `n` (0: the block's first line) of the block at `block`, its keys or its
   * items' dashes, or -1 past its last. Entries found are kept: later searches in the block
   * skip the lines nested deeper, most of a block's lines, and look no further than they need.
   */
  private entryOf(block: Step, n: number): number {
    const entries = (block.entries ??= [block.line]);
    while (entries.length <= n && block.scanFrom >= 0) {
      const line = block.scanFrom;
      if (!this.hasLine(line)) {
        block.scanFrom = -1;
        break;
      }
      block.scanFrom++;
      const content = this.contents[line]!;
      if (content < 0) continue;
      const indent = content - this.starts[line]!;
      if (indent < block.col) block.scanFrom = -1;
      else if (indent === block.col) entries.push(line);
    }
    return n < entries.length ? entries[n]! : -1;
  }

  private findKey(parent: Step, key: string): Step {
    const col = parent.col;
    if (this.isFlowStart(this.starts[parent.line]! + col, this.endOf(parent.line))) return new Step(key, 0, 0, 0, 'parser');
    for (let n = 0, line = this.entryOf(parent, 0); line >= 0; line = this.entryOf(parent, ++n)) {
      const start = this.starts[line]!;
      const end = this.endOf(line);
      const after = this.keyEndAt(start, end, col, key);
      if (after < 0) continue;
      const value = this.valueStart(start, end, after);
      if (value >= 0) {
        const c = this.text[start + value];
        if ((c === '{' || c === '[') && !this.flowClosesOnLine(start + value, end)) return new Step(key, 0, 0, 0, 'parser');
        return new Step(key, line, line, value, 'end');
      }
      return this.childBlock(key, line, col, true) ?? new Step(key, line, line, col, 'end');
    }
    return new Step(key, parent.keyLine, parent.line, col, 'end');
  }

  private findItem(parent: Step, index: number): Step {
    const col = parent.col;
    // The items are the entries up to the first that is not a dash.
    while (parent.knownItems <= index) {
      const line = this.entryOf(parent, parent.knownItems);
      if (line < 0) break;
      const start = this.starts[line]!;
      const end = this.endOf(line);
      const content = this.contents[line]!;
      if (line === parent.line && this.isFlowStart(start + col, end)) return new Step(undefined, 0, 0, 0, 'parser');
      // Only the first line can be indented less: a mapping that starts on an item's dash line.
      if (content - start < col || !this.isDash(content, end)) break;
      parent.knownItems++;
    }
    // (An index no list has, negative or fractional, is missing like one past the end.)
    if (Number.isInteger(index) && index >= 0 && index < parent.knownItems) {
      const line = this.entryOf(parent, index);
      const start = this.starts[line]!;
      const end = this.endOf(line);
      const value = this.valueStart(start, end, col + 1);
      if (value >= 0) {
        const c = this.text[start + value];
        if (c === '{' || c === '[') return this.flowClosesOnLine(start + value, end) ? new Step(undefined, line, line, value, 'end') : new Step(undefined, 0, 0, 0, 'parser');
        // `- key: value` starts a mapping on the dash line; `- scalar` is the item itself.
        return new Step(undefined, line, line, value, this.startsKey(start, end, value) ? 'deeper' : 'end');
      }
      return this.childBlock(undefined, line, col, false) ?? new Step(undefined, line, line, col, 'end');
    }
    return new Step(undefined, parent.keyLine, parent.line, col, 'end');
  }
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

/** Line (1-based, in the file) of a field in a document that starts at `firstLine`. */
export class DocumentLocator {
  private readonly blockYaml: BlockYamlLocator;
  private fallback: ((path: FieldPath) => number | undefined) | undefined;

  constructor(
    private readonly text: string,
    private readonly firstLine: number,
  ) {
    this.blockYaml = new BlockYamlLocator(text);
  }

  /** Line (1-based, in the file) of a field of this document: `path` within `within` (a List item's path), when given. */
  lineOf(path: FieldPath, within?: FieldPath): number {
    const found = this.blockYaml.lineOf(path, within);
    if (found !== undefined) return this.firstLine + found;
    this.fallback ??= yamlLibraryLocator(this.text);
    const viaParser = this.fallback(within === undefined ? path : [...within, ...path]);
    return viaParser !== undefined ? this.firstLine + viaParser - 1 : this.firstLine;
  }
}
