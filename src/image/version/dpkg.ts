/**
 * Debian version ordering, as dpkg defines it (deb-version(7)): `[epoch:]upstream[-revision]`.
 * Within upstream and revision, non-digit runs compare character by character where `~` sorts
 * before everything (even the end of the string), letters before other characters; digit runs
 * compare numerically.
 */
import { memoized } from '../../core/memo.js';

export interface DpkgVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

export function parseDpkgVersion(text: string): DpkgVersion {
  const version = text.trim();
  const colon = version.indexOf(':');
  let epoch = 0;
  let rest = version;
  if (colon > 0 && /^\d+$/.test(version.slice(0, colon))) {
    epoch = Number(version.slice(0, colon));
    rest = version.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  if (dash < 0) return { epoch, upstream: rest, revision: '' };
  return { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) };
}

const CODE_0 = 48;
const CODE_9 = 57;
const TILDE = 126;

function isDigit(code: number): boolean {
  return code >= CODE_0 && code <= CODE_9;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** dpkg's `order()`: the weight of one character of a non-digit run; 0 stands for "end". */
function order(code: number): number {
  if (Number.isNaN(code) || isDigit(code)) return 0;
  if (isAsciiLetter(code)) return code;
  if (code === TILDE) return -1;
  return code + 256;
}

/** dpkg's `verrevcmp()` on one part (upstream or revision). */
export function compareDpkgPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a.charCodeAt(i));
      const bc = order(b.charCodeAt(j));
      if (ac !== bc) return Math.sign(ac - bc);
      i++;
      j++;
    }
    while (a.charCodeAt(i) === CODE_0) i++;
    while (b.charCodeAt(j) === CODE_0) j++;
    let firstDiff = 0;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return Math.sign(firstDiff);
  }
  return 0;
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b`. */
const cachedParse = memoized(parseDpkgVersion);

export function compareDpkg(a: string, b: string): number {
  const va = cachedParse(a);
  const vb = cachedParse(b);
  if (va.epoch !== vb.epoch) return va.epoch < vb.epoch ? -1 : 1;
  return compareDpkgPart(va.upstream, vb.upstream) || compareDpkgPart(va.revision, vb.revision);
}
