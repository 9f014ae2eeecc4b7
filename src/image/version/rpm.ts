/**
 * RPM version ordering: `rpmvercmp()` on each of epoch, version and release, as `rpm` does it.
 * Segments are maximal runs of digits or of ASCII letters; other characters only separate.
 * `~` sorts before anything (pre-releases), `^` after the base version but before anything else
 * appended to it (post-release snapshots); digits beat letters; numbers compare numerically.
 */
import { memoized } from '../../core/memo.js';

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAlpha(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

const TILDE = 126;
const CARET = 94;

export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isDigit(a.charCodeAt(i)) && !isAlpha(a.charCodeAt(i)) && a.charCodeAt(i) !== TILDE && a.charCodeAt(i) !== CARET) i++;
    while (j < b.length && !isDigit(b.charCodeAt(j)) && !isAlpha(b.charCodeAt(j)) && b.charCodeAt(j) !== TILDE && b.charCodeAt(j) !== CARET) j++;
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (!(i < a.length && j < b.length)) break;
    const numeric = isDigit(ca);
    const inSegment = numeric ? isDigit : isAlpha;
    let endA = i;
    while (endA < a.length && inSegment(a.charCodeAt(endA))) endA++;
    let endB = j;
    while (endB < b.length && inSegment(b.charCodeAt(endB))) endB++;
    // One side numeric, the other alphabetic: numbers are newer.
    if (endB === j) return numeric ? 1 : -1;
    let segA = a.slice(i, endA);
    let segB = b.slice(j, endB);
    if (numeric) {
      segA = segA.replace(/^0+/, '');
      segB = segB.replace(/^0+/, '');
      if (segA.length !== segB.length) return segA.length > segB.length ? 1 : -1;
    }
    if (segA !== segB) return segA < segB ? -1 : 1;
    i = endA;
    j = endB;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

export interface RpmEvr {
  epoch: string;
  version: string;
  /** Absent when the string has no `-release`, which is not the same as an empty release. */
  release?: string;
}

/** `[epoch:]version[-release]` as rpm parses it: the epoch is the leading digits before `:`. */
export function parseRpmEvr(text: string): RpmEvr {
  let rest = text.trim();
  let epoch = '0';
  const epochMatch = /^(\d*):/.exec(rest);
  if (epochMatch) {
    epoch = epochMatch[1] === '' ? '0' : epochMatch[1];
    rest = rest.slice(epochMatch[0].length);
  }
  const dash = rest.lastIndexOf('-');
  if (dash < 0) return { epoch, version: rest };
  return { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}

/**
 * Compares full EVR strings like `rpm.vercmp()`: a missing epoch is 0; when only one side has a
 * release, that side is the newer (rpm 4.18 answers `1.0-~` > `1.0`, so absence is not "").
 */
const cachedParse = memoized(parseRpmEvr);

export function compareRpm(a: string, b: string): number {
  const va = cachedParse(a);
  const vb = cachedParse(b);
  const byEpochAndVersion = rpmvercmp(va.epoch, vb.epoch) || rpmvercmp(va.version, vb.version);
  if (byEpochAndVersion !== 0) return byEpochAndVersion;
  if (va.release === undefined || vb.release === undefined) {
    if (va.release === vb.release) return 0;
    return va.release === undefined ? -1 : 1;
  }
  return rpmvercmp(va.release, vb.release);
}
