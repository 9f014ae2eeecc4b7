/**
 * Sets of allowed connections: per protocol, a set of port ranges (1-65535). Sets are interned
 * in a ConnectionTable so that the all-pairs computation moves small integer ids around and
 * memoises unions and intersections instead of rebuilding range lists.
 */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Flat sorted ranges `[lo0, hi0, lo1, hi1, ...]`, disjoint and non-adjacent. */
export type PortRanges = readonly number[];

export interface ConnectionSet {
  readonly TCP: PortRanges;
  readonly UDP: PortRanges;
  readonly SCTP: PortRanges;
}

const FULL: PortRanges = [MIN_PORT, MAX_PORT];
export const NO_CONNECTIONS: ConnectionSet = { TCP: [], UDP: [], SCTP: [] };
export const ALL_CONNECTIONS: ConnectionSet = { TCP: FULL, UDP: FULL, SCTP: FULL };

export function isProtocol(value: string): value is Protocol {
  return (PROTOCOLS as readonly string[]).includes(value);
}

function rangesUnion(a: PortRanges, b: PortRanges): PortRanges {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const pairs: [number, number][] = [];
  for (let i = 0; i < a.length; i += 2) pairs.push([a[i]!, a[i + 1]!]);
  for (let i = 0; i < b.length; i += 2) pairs.push([b[i]!, b[i + 1]!]);
  pairs.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]! + 1) out[n - 1] = Math.max(out[n - 1]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

function rangesIntersect(a: PortRanges, b: PortRanges): PortRanges {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]!, b[j]!);
    const hi = Math.min(a[i + 1]!, b[j + 1]!);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

function rangesComplement(a: PortRanges): PortRanges {
  const out: number[] = [];
  let next = MIN_PORT;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i]! > next) out.push(next, a[i]! - 1);
    next = a[i + 1]! + 1;
  }
  if (next <= MAX_PORT) out.push(next, MAX_PORT);
  return out;
}

export function union(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  return { TCP: rangesUnion(a.TCP, b.TCP), UDP: rangesUnion(a.UDP, b.UDP), SCTP: rangesUnion(a.SCTP, b.SCTP) };
}

export function intersect(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  return { TCP: rangesIntersect(a.TCP, b.TCP), UDP: rangesIntersect(a.UDP, b.UDP), SCTP: rangesIntersect(a.SCTP, b.SCTP) };
}

export function subtract(a: ConnectionSet, b: ConnectionSet): ConnectionSet {
  return {
    TCP: rangesIntersect(a.TCP, rangesComplement(b.TCP)),
    UDP: rangesIntersect(a.UDP, rangesComplement(b.UDP)),
    SCTP: rangesIntersect(a.SCTP, rangesComplement(b.SCTP)),
  };
}

export function complement(a: ConnectionSet): ConnectionSet {
  return subtract(ALL_CONNECTIONS, a);
}

export function isEmpty(a: ConnectionSet): boolean {
  return a.TCP.length === 0 && a.UDP.length === 0 && a.SCTP.length === 0;
}

function isFull(r: PortRanges): boolean {
  return r.length === 2 && r[0] === MIN_PORT && r[1] === MAX_PORT;
}

export function isAll(a: ConnectionSet): boolean {
  return isFull(a.TCP) && isFull(a.UDP) && isFull(a.SCTP);
}

/** The connections of one protocol over a port range. */
export function portRange(protocol: Protocol, lo: number, hi: number): ConnectionSet {
  const a = Math.max(lo, MIN_PORT);
  const b = Math.min(hi, MAX_PORT);
  const ranges = a <= b ? [a, b] : [];
  return { ...NO_CONNECTIONS, [protocol]: ranges };
}

export function protocolAll(protocol: Protocol): ConnectionSet {
  return { ...NO_CONNECTIONS, [protocol]: FULL };
}

export function contains(a: ConnectionSet, protocol: Protocol, port: number): boolean {
  const r = a[protocol];
  for (let i = 0; i < r.length; i += 2) if (r[i]! <= port && port <= r[i + 1]!) return true;
  return false;
}

function rangesText(r: PortRanges): string {
  const parts: string[] = [];
  for (let i = 0; i < r.length; i += 2) parts.push(r[i] === r[i + 1] ? String(r[i]) : `${r[i]}-${r[i + 1]}`);
  return parts.join(',');
}

/** netpol-analyzer's connlist form: `All Connections`, `No Connections` or `TCP 80,UDP 53`. */
export function formatConnections(a: ConnectionSet): string {
  if (isAll(a)) return 'All Connections';
  if (isEmpty(a)) return 'No Connections';
  return PROTOCOLS.filter((p) => a[p].length > 0)
    .map((p) => `${p} ${rangesText(a[p])}`)
    .join(',');
}

/** The explanation form: `TCP:[1-79,81-65535], UDP, SCTP` (a bare protocol means all its ports). */
export function formatConnectionsDetailed(a: ConnectionSet): string {
  return PROTOCOLS.filter((p) => a[p].length > 0)
    .map((p) => (isFull(a[p]) ? p : `${p}:[${rangesText(a[p])}]`))
    .join(', ');
}

export function keyOf(a: ConnectionSet): string {
  return `${a.TCP.join(',')}|${a.UDP.join(',')}|${a.SCTP.join(',')}`;
}

/** Parses `80`, `80/TCP`, `53/udp`, `8000-8080/TCP`; TCP when no protocol is given. */
export function parsePortSpec(text: string): ConnectionSet | undefined {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  if (!match) return undefined;
  const lo = Number(match[1]);
  const hi = match[2] !== undefined ? Number(match[2]) : lo;
  if (lo < MIN_PORT || hi > MAX_PORT || lo > hi) return undefined;
  const protocol = (match[3] ?? 'TCP').toUpperCase() as Protocol;
  return portRange(protocol, lo, hi);
}

/** A comma-separated list of port specs, or the first part that is not one. */
export function parsePortSpecs(text: string): { connections: ConnectionSet } | { invalid: string } {
  let connections = NO_CONNECTIONS;
  for (const part of text.split(',')) {
    const parsed = parsePortSpec(part);
    if (!parsed) return { invalid: part };
    connections = union(connections, parsed);
  }
  return { connections };
}

/** Interns connection sets: id 0 is the empty set, id 1 the set of all connections. */
export class ConnectionTable {
  static readonly NONE = 0;
  static readonly ALL = 1;
  private readonly sets: ConnectionSet[] = [NO_CONNECTIONS, ALL_CONNECTIONS];
  private readonly ids = new Map<string, number>([
    [keyOf(NO_CONNECTIONS), 0],
    [keyOf(ALL_CONNECTIONS), 1],
  ]);
  private readonly unionMemo = new Map<number, number>();
  private readonly intersectMemo = new Map<number, number>();

  id(set: ConnectionSet): number {
    const key = keyOf(set);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }

  get(id: number): ConnectionSet {
    return this.sets[id]!;
  }

  union(a: number, b: number): number {
    if (a === b || b === 0 || a === 1) return a;
    if (a === 0 || b === 1) return b;
    const key = a < b ? a * 0x400000 + b : b * 0x400000 + a;
    let id = this.unionMemo.get(key);
    if (id === undefined) {
      id = this.id(union(this.sets[a]!, this.sets[b]!));
      this.unionMemo.set(key, id);
    }
    return id;
  }

  private readonly subtractMemo = new Map<number, number>();

  subtract(a: number, b: number): number {
    if (a === 0 || b === 0) return a;
    if (b === 1 || a === b) return 0;
    const key = a * 0x400000 + b;
    let id = this.subtractMemo.get(key);
    if (id === undefined) {
      id = this.id(subtract(this.sets[a]!, this.sets[b]!));
      this.subtractMemo.set(key, id);
    }
    return id;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === 1) return a;
    if (a === 1 || a === 0) return a === 1 ? b : 0;
    if (b === 0) return 0;
    const key = a < b ? a * 0x400000 + b : b * 0x400000 + a;
    let id = this.intersectMemo.get(key);
    if (id === undefined) {
      id = this.id(intersect(this.sets[a]!, this.sets[b]!));
      this.intersectMemo.set(key, id);
    }
    return id;
  }
}
