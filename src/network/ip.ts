/**
 * IPv4 address sets as sorted, disjoint, non-adjacent inclusive intervals of 32-bit numbers.
 * Addresses above 2^31 do not fit signed bitwise arithmetic, so everything here is plain number
 * arithmetic.
 */
export type IntervalSet = readonly (readonly [number, number])[];

export const IPV4_MAX = 0xffffffff;
export const ALL_IPV4: IntervalSet = [[0, IPV4_MAX]];

export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [Math.floor(value / 2 ** 24) % 256, Math.floor(value / 2 ** 16) % 256, Math.floor(value / 256) % 256, value % 256].join('.');
}

export type CidrParse = { family: 4; lo: number; hi: number } | { family: 6 } | { error: string };

/** Parses `a.b.c.d/n`; IPv6 CIDRs are recognised (so callers can say they are out of scope) but not expanded. */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/');
  if (slash < 0) return { error: `"${text}" is not a CIDR (no prefix length)` };
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (address.includes(':')) {
    return /^[0-9a-fA-F:.]+$/.test(address) && /^\d{1,3}$/.test(prefixText) && Number(prefixText) <= 128
      ? { family: 6 }
      : { error: `"${text}" is not a valid CIDR` };
  }
  const base = parseIPv4(address);
  if (base === undefined || !/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) return { error: `"${text}" is not a valid CIDR` };
  const size = 2 ** (32 - Number(prefixText));
  const lo = base - (base % size);
  return { family: 4, lo, hi: lo + size - 1 };
}

export function normalize(intervals: (readonly [number, number])[]): IntervalSet {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function subtract(a: IntervalSet, b: IntervalSet): IntervalSet {
  const out: [number, number][] = [];
  for (const [lo0, hi] of a) {
    let lo = lo0;
    for (const [blo, bhi] of b) {
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([lo, blo - 1]);
      lo = bhi + 1;
      if (lo > hi) break;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

/** True when every address of [lo, hi] lies in the set. */
export function containsRange(set: IntervalSet, lo: number, hi: number): boolean {
  for (const [slo, shi] of set) if (slo <= lo && hi <= shi) return true;
  return false;
}

/**
 * Splits the whole IPv4 space at every boundary of the given sets: each resulting range is
 * either inside or outside every one of them, so a policy decision holds for the range as a whole.
 */
export function atomsOf(sets: readonly IntervalSet[]): [number, number][] {
  const cuts = new Set<number>([0]);
  for (const set of sets) {
    for (const [lo, hi] of set) {
      cuts.add(lo);
      if (hi < IPV4_MAX) cuts.add(hi + 1);
    }
  }
  const starts = [...cuts].sort((a, b) => a - b);
  return starts.map((start, i) => [start, i + 1 < starts.length ? starts[i + 1]! - 1 : IPV4_MAX]);
}

export function formatRange(lo: number, hi: number): string {
  return `${formatIPv4(lo)}-${formatIPv4(hi)}`;
}
