/**
 * Semantic Versioning 2.0.0 precedence (semver.org §11), tolerant the way advisory data needs:
 * a leading `v` (Go modules) and missing minor/patch components (`1.2` = `1.2.0`) are accepted.
 * Build metadata never affects precedence.
 */
import { compareDigitRuns } from './digits.js';
import { memoized } from '../../core/memo.js';

export interface SemVer {
  core: [string, string, string];
  prerelease: string[];
}

const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseSemver(text: string): SemVer | undefined {
  const match = SEMVER.exec(text.trim());
  if (!match) return undefined;
  return { core: [match[1], match[2] ?? '0', match[3] ?? '0'], prerelease: match[4] ? match[4].split('.') : [] };
}

const NUMERIC = /^\d+$/;

function compareIdentifier(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return compareDigitRuns(a, b);
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative, zero or positive; strings that are not versions sort by plain string order after valid ones. */
const cachedParse = memoized(parseSemver);

export function compareSemver(a: string, b: string): number {
  const va = cachedParse(a);
  const vb = cachedParse(b);
  if (!va || !vb) {
    if (va || vb) return va ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  for (let i = 0; i < 3; i++) {
    const order = compareDigitRuns(va.core[i], vb.core[i]);
    if (order !== 0) return order;
  }
  if (va.prerelease.length === 0 || vb.prerelease.length === 0) {
    return va.prerelease.length === vb.prerelease.length ? 0 : va.prerelease.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.min(va.prerelease.length, vb.prerelease.length); i++) {
    const order = compareIdentifier(va.prerelease[i], vb.prerelease[i]);
    if (order !== 0) return order;
  }
  return Math.sign(va.prerelease.length - vb.prerelease.length);
}
