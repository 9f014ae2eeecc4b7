import { formatConnections, isEmpty, keyOf, subtract, union, NO_CONNECTIONS, type ConnectionSet } from './connections.js';
import type { Connection } from './connectivity.js';
import { atomsOf, formatRange, type IntervalSet } from './ip.js';
import { endpointName, type Endpoint } from './model.js';

export interface ConnectionChange {
  source: string;
  destination: string;
  change: 'added' | 'removed' | 'changed';
  before: ConnectionSet;
  after: ConnectionSet;
  /** Connections allowed after and not before. */
  opened: ConnectionSet;
  /** Connections allowed before and not after. */
  closed: ConnectionSet;
}

/**
 * Connections opened and closed between two connectivity lists (before and after a change).
 * External ranges are split differently when the policies' ipBlocks differ, so both sides are
 * first refined to the ranges both splits agree on.
 */
export function diffConnections(before: readonly Connection[], after: readonly Connection[]): ConnectionChange[] {
  const ranges: IntervalSet[] = [];
  for (const c of [...before, ...after]) {
    for (const e of [c.source, c.destination]) if (e.type === 'external') ranges.push([[e.lo, e.hi]]);
  }
  const atoms = atomsOf(ranges);
  const index = (list: readonly Connection[]) => {
    const out = new Map<string, { source: string; destination: string; connections: ConnectionSet }>();
    for (const c of list) {
      for (const source of refine(c.source, atoms)) {
        for (const destination of refine(c.destination, atoms)) {
          const key = `${source}\u0000${destination}`;
          const prior = out.get(key);
          out.set(key, { source, destination, connections: prior ? union(prior.connections, c.connections) : c.connections });
        }
      }
    }
    return out;
  };
  const old = index(before);
  const now = index(after);
  const changes: ConnectionChange[] = [];
  for (const key of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(key);
    const b = now.get(key);
    const beforeSet = a?.connections ?? NO_CONNECTIONS;
    const afterSet = b?.connections ?? NO_CONNECTIONS;
    if (keyOf(beforeSet) === keyOf(afterSet)) continue;
    const { source, destination } = (a ?? b)!;
    changes.push({
      source,
      destination,
      change: !a ? 'added' : !b ? 'removed' : 'changed',
      before: beforeSet,
      after: afterSet,
      opened: subtract(afterSet, beforeSet),
      closed: subtract(beforeSet, afterSet),
    });
  }
  return changes.sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : x.destination < y.destination ? -1 : x.destination > y.destination ? 1 : 0));
}

function refine(endpoint: Endpoint, atoms: [number, number][]): string[] {
  if (endpoint.type !== 'external') return [endpointName(endpoint)];
  return atoms.filter(([lo, hi]) => lo >= endpoint.lo && hi <= endpoint.hi).map(([lo, hi]) => `${formatRange(lo, hi)}[External]`);
}

export const DIFF_FORMATS = ['txt', 'json', 'md'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function formatDiff(changes: readonly ConnectionChange[], format: DiffFormat): string {
  const rows = changes.map((c) => ({
    change: c.change,
    src: c.source,
    dst: c.destination,
    before: isEmpty(c.before) ? '' : formatConnections(c.before),
    after: isEmpty(c.after) ? '' : formatConnections(c.after),
    opened: isEmpty(c.opened) ? '' : formatConnections(c.opened),
    closed: isEmpty(c.closed) ? '' : formatConnections(c.closed),
  }));
  switch (format) {
    case 'json':
      return JSON.stringify(rows, null, 2);
    case 'md':
      return [
        '| change | src | dst | before | after |',
        '|--------|-----|-----|--------|-------|',
        ...rows.map((r) => `| ${r.change} | ${r.src} | ${r.dst} | ${r.before || '-'} | ${r.after || '-'} |`),
      ].join('\n');
    case 'txt':
      return rows
        .map((r) => {
          if (r.change === 'added') return `+ ${r.src} => ${r.dst} : ${r.after}`;
          if (r.change === 'removed') return `- ${r.src} => ${r.dst} : ${r.before}`;
          const parts = [r.opened && `opened ${r.opened}`, r.closed && `closed ${r.closed}`].filter(Boolean).join('; ');
          return `~ ${r.src} => ${r.dst} : ${r.before} -> ${r.after} (${parts})`;
        })
        .join('\n');
  }
}
