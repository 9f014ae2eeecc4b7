/**
 * Python (PEP 440) version ordering. Versions are normalised as the PEP prescribes (case,
 * `alpha`/`beta`/`c`/`pre`/`preview` spellings, optional separators, implicit post releases
 * `1.0-1`, `rev`/`r`, leading `v`) and ordered by epoch, release (trailing zeros ignored),
 * pre-release, post-release, development release and local version label.
 */
import { memoized } from '../../core/memo.js';

export interface Pep440Version {
  epoch: number;
  release: number[];
  pre?: [string, number];
  post?: number;
  dev?: number;
  local?: Array<number | string>;
}

const PEP440 = new RegExp(
  '^v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)' +
    '(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\\d+)?)?' +
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?' +
    '(?:[-_.]?(dev)[-_.]?(\\d+)?)?' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
);

const PRE_SPELLING: Record<string, string> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', c: 'rc', pre: 'rc', preview: 'rc', rc: 'rc' };

export function parsePep440(text: string): Pep440Version | undefined {
  const match = PEP440.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const [, epoch, release, preLabel, preNumber, implicitPost, postLabel, postNumber, devLabel, devNumber, local] = match;
  const version: Pep440Version = { epoch: epoch ? Number(epoch) : 0, release: release.split('.').map(Number) };
  if (preLabel) version.pre = [PRE_SPELLING[preLabel], Number(preNumber ?? 0)];
  if (implicitPost !== undefined) version.post = Number(implicitPost);
  else if (postLabel) version.post = Number(postNumber ?? 0);
  if (devLabel) version.dev = Number(devNumber ?? 0);
  if (local) version.local = local.split(/[-_.]/).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return version;
}

/** Release segments in order, a missing segment counting as 0 (so trailing zeros never matter). */
function compareNumberLists(a: number[], b: number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Rank of the pre-release part: a bare dev release sorts before every pre-release, a final release after. */
function preRank(v: Pep440Version): number {
  if (!v.pre && v.post === undefined && v.dev !== undefined) return -Infinity;
  if (!v.pre) return Infinity;
  return PRE_ORDER.indexOf(v.pre[0]);
}

const PRE_ORDER = ['a', 'b', 'rc'];

function compareLocal(a: Array<number | string> | undefined, b: Array<number | string> | undefined): number {
  if (!a || !b) return a === b ? 0 : a ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    // Numeric segments sort after alphanumeric ones; alphanumeric ones compare as strings.
    if (typeof x !== typeof y) return typeof x === 'number' ? 1 : -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Negative, zero or positive; strings that are not PEP 440 versions sort by string order after valid ones. */
const cachedParse = memoized(parsePep440);

export function comparePep440(a: string, b: string): number {
  const va = cachedParse(a);
  const vb = cachedParse(b);
  if (!va || !vb) {
    if (va || vb) return va ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return (
    Math.sign(va.epoch - vb.epoch) ||
    compareNumberLists(va.release, vb.release) ||
    compareNumbers(preRank(va), preRank(vb)) ||
    compareNumbers(va.pre?.[1] ?? 0, vb.pre?.[1] ?? 0) ||
    compareNumbers(va.post ?? -Infinity, vb.post ?? -Infinity) ||
    compareNumbers(va.dev ?? Infinity, vb.dev ?? Infinity) ||
    compareLocal(va.local, vb.local)
  );
}
