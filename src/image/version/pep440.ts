/**
 * Python (PEP 440) version ordering. Versions are normalised as the PEP prescribes (case,
 * `alpha`/`beta`/`c`/`pre`/`preview` spellings, optional separators, implicit post releases
 * `1.0-1`, `rev`/`r`, leading `v`) and ordered by epoch, release (trailing zeros ignored),
 * pre-release, post-release, development release and local version label.
 */
import { memoized } from './memo.js';

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

function compareNumberLists(a: number[], b: number[]): number {
  const trim = (list: number[]): number[] => {
    let end = list.length;
    while (end > 1 && list[end - 1] === 0) end--;
    return list.slice(0, end);
  };
  const x = trim(a);
  const y = trim(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Sort key of the pre-release part: a bare dev release sorts before every pre-release. */
function preKey(v: Pep440Version): [number, number] {
  if (!v.pre && v.post === undefined && v.dev !== undefined) return [-Infinity, 0];
  if (!v.pre) return [Infinity, 0];
  return [['a', 'b', 'rc'].indexOf(v.pre[0]), v.pre[1]];
}

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

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
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
    compareKeys(preKey(va), preKey(vb)) ||
    compareKeys([va.post ?? -Infinity], [vb.post ?? -Infinity]) ||
    compareKeys([va.dev ?? Infinity], [vb.dev ?? Infinity]) ||
    compareLocal(va.local, vb.local)
  );
}
