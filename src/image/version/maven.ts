/**
 * Maven version ordering (maven-artifact's ComparableVersion, Maven 3.9/4 rules): the version is
 * split into a tree of numbers, qualifiers, "combinations" (a qualifier directly followed by a
 * number: `rc1`) and sub-lists (`-`, digit→letter transitions and a trailing `.qualifier` open a
 * sub-list); null items (0, "") are dropped where they cannot change the order; qualifiers order
 * alpha < beta < milestone < rc = cr < snapshot < release (= ga = final) < sp < any other string.
 */
import { memoized } from '../../core/memo.js';

type Item =
  | { kind: 'int'; value: bigint }
  | { kind: 'string'; value: string }
  | { kind: 'combination'; text: Item & { kind: 'string' }; number: Item }
  | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { cr: 'rc' };
/** Spellings of "the release itself": ordered like no qualifier, yet kept as written. */
const RELEASE_QUALIFIERS = new Set(['ga', 'final', 'release']);
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));
const SHORT_QUALIFIERS: Record<string, string> = { a: 'alpha', b: 'beta', m: 'milestone' };

function stringItem(value: string, followedByDigit: boolean): Item & { kind: 'string' } {
  const text = followedByDigit && value.length === 1 ? (SHORT_QUALIFIERS[value] ?? value) : value;
  return { kind: 'string', value: ALIASES[text] ?? text };
}

function comparableQualifier(qualifier: string): string {
  if (RELEASE_QUALIFIERS.has(qualifier)) return RELEASE_INDEX;
  const index = QUALIFIERS.indexOf(qualifier);
  return index < 0 ? `${QUALIFIERS.length}-${qualifier}` : String(index);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseItem(isCombination: boolean, isDigit: boolean, text: string): Item {
  if (isCombination) {
    const compact = text.replace(/-/g, '');
    const firstDigit = Math.max(0, compact.search(/[0-9]/));
    return { kind: 'combination', text: stringItem(compact.slice(0, firstDigit), true), number: parseItem(false, true, compact.slice(firstDigit)) };
  }
  return isDigit ? { kind: 'int', value: BigInt(text === '' ? '0' : text) } : stringItem(text, false);
}

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'string') return item.value === '';
  if (item.kind === 'list') return item.items.length === 0;
  return false;
}

/**
 * Drops null items that end the list or stand before a qualifier (`1.0-alpha` = `1-alpha`), but
 * keeps a zero before a numeric sub-list (`1.0-1` is not `1-1`).
 */
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    if (!isNull(list[i])) continue;
    const next = list[i + 1];
    if (next === undefined || next.kind === 'string') {
      list.splice(i, 1);
    } else if (next.kind === 'list') {
      const first = next.items[0];
      if (first !== undefined && (first.kind === 'combination' || first.kind === 'string')) list.splice(i, 1);
    }
  }
}

export function parseMaven(version: string): Item {
  const text = version.trim().toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  const openList = (): void => {
    const child: Item[] = [];
    list.push({ kind: 'list', items: child });
    list = child;
    stack.push(child);
  };
  let isDigit = false;
  let isCombination = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '.') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(isCombination, isDigit, text.slice(start, i)));
      isCombination = false;
      start = i + 1;
    } else if (c === '-') {
      if (i === start) {
        list.push({ kind: 'int', value: 0n });
      } else {
        // `X-1` reads as the combination `X1`.
        if (!isDigit && i + 1 < text.length && text[i + 1] >= '0' && text[i + 1] <= '9') {
          isCombination = true;
          continue;
        }
        list.push(parseItem(isCombination, isDigit, text.slice(start, i)));
      }
      start = i + 1;
      if (list.length > 0) openList();
      isCombination = false;
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        isCombination = true;
        if (list.length > 0) openList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(isCombination, true, text.slice(start, i)));
        start = i;
        openList();
        isCombination = false;
      }
      isDigit = false;
    }
  }
  if (text.length > start) {
    // `1.0.0.X1` < `1.0.0-X2`: a trailing `.qualifier` is treated as `-qualifier`.
    if (!isDigit && list.length > 0) openList();
    list.push(parseItem(isCombination, isDigit, text.slice(start)));
  }
  while (stack.length > 0) normalize(stack.pop()!);
  return { kind: 'list', items: root };
}

function compareItems(a: Item | undefined, b: Item | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -compareItems(b, undefined);
  switch (a.kind) {
    case 'int':
      if (b === undefined) return a.value === 0n ? 0 : 1;
      if (b.kind === 'int') return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      return 1;
    case 'string':
      if (b === undefined) return compareText(comparableQualifier(a.value), RELEASE_INDEX);
      if (b.kind === 'string') return compareText(comparableQualifier(a.value), comparableQualifier(b.value));
      if (b.kind === 'combination') return compareItems(a, b.text) || -1;
      return -1;
    case 'combination':
      if (b === undefined) return compareItems(a.text, undefined);
      if (b.kind === 'string') return compareItems(a.text, b) || 1;
      if (b.kind === 'combination') return compareItems(a.text, b.text) || compareItems(a.number, b.number);
      return -1;
    case 'list':
      if (b === undefined) {
        for (const item of a.items) {
          const order = compareItems(item, undefined);
          if (order !== 0) return order;
        }
        return 0;
      }
      if (b.kind === 'int') return -1;
      if (b.kind === 'string' || b.kind === 'combination') return 1;
      for (let i = 0; i < Math.max(a.items.length, b.items.length); i++) {
        const order = compareItems(a.items[i], b.items[i]);
        if (order !== 0) return order;
      }
      return 0;
  }
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b`. */
const cachedParse = memoized(parseMaven);

export function compareMaven(a: string, b: string): number {
  return compareItems(cachedParse(a), cachedParse(b));
}
