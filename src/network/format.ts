import { formatConnections } from './connections.js';
import type { Connection } from './connectivity.js';
import { endpointName, type Endpoint } from './model.js';

export const CONNLIST_FORMATS = ['txt', 'json', 'csv', 'md', 'dot', 'mermaid'] as const;
export type ConnlistFormat = (typeof CONNLIST_FORMATS)[number];

export interface ConnectionRow {
  src: string;
  dst: string;
  conn: string;
}

/** Rows sorted by source then destination name, as netpol-analyzer prints them. */
export function connectionRows(connections: readonly Connection[]): ConnectionRow[] {
  // Endpoints and connection sets are shared objects: name each once, and sort by the rank of
  // the names rather than comparing strings for every pair of rows.
  const names = new Map<Endpoint, string>();
  for (const c of connections) {
    if (!names.has(c.source)) names.set(c.source, endpointName(c.source));
    if (!names.has(c.destination)) names.set(c.destination, endpointName(c.destination));
  }
  const rank = new Map<Endpoint, number>();
  [...names].sort((a, b) => compare(a[1], b[1])).forEach(([e], i) => rank.set(e, i));
  const texts = new Map<Connection['connections'], string>();
  const text = (c: Connection['connections']) => {
    let t = texts.get(c);
    if (t === undefined) texts.set(c, (t = formatConnections(c)));
    return t;
  };
  // One number per row, (source rank, destination rank, position), sorted natively.
  const width = names.size;
  const SLOT = 2 ** 24;
  if (connections.length >= SLOT) throw new Error(`too many connections to sort: ${connections.length}`);
  const keys = new Float64Array(connections.length);
  connections.forEach((c, i) => (keys[i] = (rank.get(c.source)! * width + rank.get(c.destination)!) * SLOT + i));
  keys.sort();
  const rows: ConnectionRow[] = new Array(connections.length);
  for (let i = 0; i < keys.length; i++) {
    const c = connections[keys[i]! % SLOT]!;
    rows[i] = { src: names.get(c.source)!, dst: names.get(c.destination)!, conn: text(c.connections) };
  }
  return rows;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The text of a connlist piece by piece, for connections already in name order (as `connections`
 * produces them): the line formats never hold the whole list; the graph formats need it whole.
 */
export function* formatConnlistChunks(connections: Iterable<Connection>, format: ConnlistFormat): Generator<string> {
  if (format === 'dot' || format === 'mermaid') {
    yield formatConnlist([...connections], format);
    return;
  }
  const names = new Map<Endpoint, string>();
  const name = (e: Endpoint) => {
    let n = names.get(e);
    if (n === undefined) names.set(e, (n = endpointName(e)));
    return n;
  };
  const texts = new Map<Connection['connections'], string>();
  const text = (c: Connection['connections']) => {
    let t = texts.get(c);
    if (t === undefined) texts.set(c, (t = formatConnections(c)));
    return t;
  };
  if (format === 'csv') yield 'src,dst,conn\n';
  if (format === 'md') yield '| src | dst | conn |\n|-----|-----|------|';
  if (format === 'json') yield '[';
  let first = true;
  for (const c of connections) {
    const r = { src: name(c.source), dst: name(c.destination), conn: text(c.connections) };
    switch (format) {
      case 'txt':
        yield `${first ? '' : '\n'}${r.src} => ${r.dst} : ${r.conn}`;
        break;
      case 'csv':
        yield `${[r.src, r.dst, r.conn].map(csvField).join(',')}\n`;
        break;
      case 'md':
        yield `\n| ${r.src} | ${r.dst} | ${r.conn} |`;
        break;
      case 'json':
        yield `${first ? '' : ','}\n${JSON.stringify(r, null, 2).replace(/^/gm, '  ')}`;
        break;
    }
    first = false;
  }
  if (format === 'json') yield first ? ']' : '\n]';
}

export function formatConnlist(connections: readonly Connection[], format: ConnlistFormat): string {
  const rows = connectionRows(connections);
  switch (format) {
    case 'txt':
      return rows.map((r) => `${r.src} => ${r.dst} : ${r.conn}`).join('\n');
    case 'json':
      return JSON.stringify(rows, null, 2);
    case 'csv':
      return ['src,dst,conn', ...rows.map((r) => [r.src, r.dst, r.conn].map(csvField).join(','))].join('\n') + '\n';
    case 'md':
      return ['| src | dst | conn |', '|-----|-----|------|', ...rows.map((r) => `| ${r.src} | ${r.dst} | ${r.conn} |`)].join('\n');
    case 'dot':
      return dot(connections, rows);
    case 'mermaid':
      return mermaid(rows);
  }
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function dot(connections: readonly Connection[], rows: ConnectionRow[]): string {
  const byNamespace = new Map<string, Set<string>>();
  const others = new Set<string>();
  const note = (e: Endpoint) => {
    const name = endpointName(e);
    if (e.type === 'workload') {
      let set = byNamespace.get(e.namespace);
      if (!set) byNamespace.set(e.namespace, (set = new Set()));
      set.add(`${name}\u0000${e.name}[${e.kind}]`);
    } else others.add(name);
  };
  for (const c of connections) {
    note(c.source);
    note(c.destination);
  }
  const lines = ['digraph {'];
  for (const ns of [...byNamespace.keys()].sort()) {
    lines.push(`\tsubgraph ${quote(`cluster_${ns}[namespace]`)} {`, '\t\tcolor="black"', '\t\tfontcolor="black"');
    for (const item of [...byNamespace.get(ns)!].sort()) {
      const [id, label] = item.split('\u0000') as [string, string];
      lines.push(`\t\t${quote(id)} [label=${quote(label)} color="blue" fontcolor="blue"]`);
    }
    lines.push(`\t\tlabel=${quote(`${ns}[namespace]`)}`, '\t}');
  }
  for (const name of [...others].sort()) lines.push(`\t${quote(name)} [label=${quote(name)} color="red2" fontcolor="red2"]`);
  for (const r of rows) lines.push(`\t${quote(r.src)} -> ${quote(r.dst)} [label=${quote(r.conn)} color="gold2" fontcolor="darkgreen"]`);
  lines.push('}');
  return lines.join('\n');
}

function mermaid(rows: ConnectionRow[]): string {
  const ids = new Map<string, string>();
  const idOf = (name: string) => {
    let id = ids.get(name);
    if (!id) ids.set(name, (id = `n${ids.size}`));
    return id;
  };
  const edges = rows.map((r) => `  ${idOf(r.src)} -->|"${r.conn.replace(/"/g, '#quot;')}"| ${idOf(r.dst)}`);
  const nodes = [...ids].map(([name, id]) => `  ${id}["${name.replace(/"/g, '#quot;')}"]`);
  return ['flowchart LR', ...nodes, ...edges].join('\n');
}
