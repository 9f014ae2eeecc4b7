/**
 * Alpine (apk) version ordering, the Gentoo-style scheme apk-tools implements:
 * `digits{.digits}{letter}{_suffix{digits}}{~hash}{-rN}`. Pre-release suffixes (`_alpha`,
 * `_beta`, `_pre`, `_rc`) sort before the plain version, post-release ones (`_cvs`, `_svn`, `_git`,
 * `_hg`, `_p`) after it; a dotted component with a leading zero compares as a decimal fraction.
 */
import { compareDigitRuns } from './digits.js';
import { memoized } from '../../core/memo.js';

const enum Token {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNumber,
  CommitHash,
  Revision,
  End,
  Invalid,
}

interface Part {
  token: Token;
  text: string;
}

const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];
const PLAIN = SUFFIXES.indexOf('');

/** Negative for pre-release suffixes, positive for post-release ones. */
function suffixValue(name: string): number {
  const index = SUFFIXES.indexOf(name);
  return index < 0 || name === '' ? Number.NaN : index - PLAIN;
}

const DIGITS = /^\d+/;

function tokenize(version: string): Part[] {
  const parts: Part[] = [];
  let rest = version;
  let previous: Token = Token.InitialDigit;
  const push = (token: Token, text: string, length: number): void => {
    parts.push({ token, text });
    previous = token;
    rest = rest.slice(length);
  };
  const initial = DIGITS.exec(rest);
  if (!initial) return [{ token: Token.Invalid, text: rest }];
  push(Token.InitialDigit, initial[0], initial[0].length);
  while (rest.length > 0) {
    const c = rest[0];
    let match: RegExpExecArray | null;
    if (c === '.' && (previous === Token.InitialDigit || previous === Token.Digit || previous === Token.Letter) && (match = /^\.(\d+)/.exec(rest))) {
      push(Token.Digit, match[1], match[0].length);
    } else if (/[a-z]/.test(c) && (previous === Token.InitialDigit || previous === Token.Digit)) {
      push(Token.Letter, c, 1);
    } else if (c === '_' && previous <= Token.SuffixNumber && (match = /^_([a-z]+)/.exec(rest)) && !Number.isNaN(suffixValue(match[1]))) {
      push(Token.Suffix, match[1], match[0].length);
      const number = DIGITS.exec(rest);
      if (number) push(Token.SuffixNumber, number[0], number[0].length);
    } else if (c === '~' && previous < Token.CommitHash && (match = /^~([0-9a-f]+)/.exec(rest))) {
      push(Token.CommitHash, match[1], match[0].length);
    } else if (c === '-' && previous < Token.Revision && (match = /^-r(\d+)/.exec(rest))) {
      push(Token.Revision, match[1], match[0].length);
    } else {
      parts.push({ token: Token.Invalid, text: rest });
      return parts;
    }
  }
  parts.push({ token: Token.End, text: '' });
  return parts;
}

/** Tokens of a version as written, surrounding whitespace ignored (trimmed once, not at every comparison). */
const cachedTokens = memoized((version: string) => tokenize(version.trim()));

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareSameToken(token: Token, a: string, b: string): number {
  switch (token) {
    case Token.Digit:
      // A leading zero makes the component a decimal fraction: 1.02 < 1.1.
      if (a.startsWith('0') || b.startsWith('0')) return compareStrings(a, b);
      return compareDigitRuns(a, b);
    case Token.InitialDigit:
    case Token.SuffixNumber:
    case Token.Revision:
      return compareDigitRuns(a, b);
    case Token.Suffix:
      return Math.sign(suffixValue(a) - suffixValue(b));
    case Token.CommitHash:
      // The hash identifies a commit; it carries no order.
      return 0;
    default:
      return compareStrings(a, b);
  }
}

/** Negative, zero or positive as `a` sorts before, equal to or after `b`. */
export function compareApk(a: string, b: string): number {
  const ta = cachedTokens(a);
  const tb = cachedTokens(b);
  for (let i = 0; ; i++) {
    const pa = ta[i];
    const pb = tb[i];
    if (pa.token === pb.token) {
      const order = compareSameToken(pa.token, pa.text, pb.text);
      if (order !== 0) return order;
      if (pa.token === Token.End || pa.token === Token.Invalid) return 0;
      continue;
    }
    // The versions agree up to here: the longer one is newer unless it continues with a pre-release suffix.
    if (pa.token === Token.Suffix && suffixValue(pa.text) < 0) return -1;
    if (pb.token === Token.Suffix && suffixValue(pb.text) < 0) return 1;
    return pa.token > pb.token ? -1 : 1;
  }
}

/** Whether apk-tools would accept the string as a version. */
export function isValidApkVersion(version: string): boolean {
  return tokenize(version.trim()).every((p) => p.token !== Token.Invalid);
}
