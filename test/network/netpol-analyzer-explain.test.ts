import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadPaths } from '../../src/load/index.js';
import { ALL_CONNECTIONS, NO_CONNECTIONS, keyOf, portRange, union, type ConnectionSet, type Protocol } from '../../src/network/connections.js';
import { parseIPv4 } from '../../src/network/ip.js';
import { buildNetworkModel, explain, findWorkloads, INGRESS_CONTROLLER, type Endpoint, type NetworkModel } from '../../src/network/index.js';
import { corpusPath } from '../corpus.js';

/**
 * netpol-analyzer's `*_explain_output.txt`: for every peer pair it lists, our explanation must
 * allow exactly the connections it allows, name the same policy rules as the reason for them, and
 * name the same policies (or the system default) behind what it denies.
 */
const root = corpusPath('netpol-analyzer');
const outputs = `${root}/test_outputs/connlist`;
const files = readdirSync(outputs).filter((f) => f.endsWith('_explain_output.txt'));

interface Item {
  allowed: boolean;
  connections: ConnectionSet;
  /** Per direction: the policy rules or default named for it. */
  reasons: Record<'Egress' | 'Ingress', { state: 'Allowed' | 'Denied'; systemDefault: boolean; rules: string[]; policies: string[] }>;
}

interface Section {
  source: string;
  destination: string;
  items: Item[];
}

function parseConnections(text: string): ConnectionSet {
  let out = NO_CONNECTIONS;
  for (const m of text.matchAll(/(TCP|UDP|SCTP)(?::\[([^\]]*)\])?/g)) {
    const protocol = m[1] as Protocol;
    if (m[2] === undefined) {
      out = union(out, portRange(protocol, 1, 65535));
      continue;
    }
    for (const part of m[2].split(',')) {
      const [lo, hi] = part.split('-').map(Number);
      out = union(out, portRange(protocol, lo!, hi ?? lo!));
    }
  }
  return out;
}

function parseExplain(text: string): { sections: Section[]; defaults: string[] } {
  const sections: Section[] = [];
  const defaults: string[] = [];
  let section: Section | undefined;
  let item: Item | undefined;
  let direction: 'Egress' | 'Ingress' | undefined;
  let inDefaults = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('# All Connections due to the system default')) {
      inDefaults = true;
      continue;
    }
    if (inDefaults) {
      if (line.includes(' => ')) defaults.push(line.trim());
      continue;
    }
    const header = /^Connections between (.+) => (.+):$/.exec(line);
    if (header) {
      section = { source: header[1]!, destination: header[2]!, items: [] };
      sections.push(section);
      continue;
    }
    const itemLine = /^\t(Allowed|Denied) (.+) due to the following policies and rules:$/.exec(line);
    if (itemLine && section) {
      const blank = () => ({ state: 'Allowed' as const, systemDefault: false, rules: [], policies: [] });
      item = { allowed: itemLine[1] === 'Allowed', connections: parseConnections(itemLine[2]!), reasons: { Egress: blank(), Ingress: blank() } };
      section.items.push(item);
      continue;
    }
    const dirLine = /^\t\t(Egress|Ingress) \((Allowed|Denied)\)( due to the system default)?/.exec(line);
    if (dirLine && item) {
      direction = dirLine[1] as 'Egress' | 'Ingress';
      item.reasons[direction].state = dirLine[2] as 'Allowed' | 'Denied';
      item.reasons[direction].systemDefault = dirLine[3] !== undefined;
      continue;
    }
    if (item && direction) {
      const allows = /NetworkPolicy '([^']+)' allows connections by (Egress|Ingress) rule #(\d+)/.exec(line);
      if (allows) item.reasons[direction].rules.push(`${allows[1]}#${allows[3]}`);
      const selects = /NetworkPolicy '([^']+)' selects /.exec(line);
      if (selects) item.reasons[direction].policies.push(selects[1]!);
    }
  }
  return { sections, defaults };
}

function endpointOf(model: NetworkModel, name: string): Endpoint {
  if (name === '{ingress-controller}') return INGRESS_CONTROLLER;
  const ip = /^([\d.]+)-([\d.]+)\[External\]$/.exec(name);
  if (ip) return { type: 'external', lo: parseIPv4(ip[1]!)!, hi: parseIPv4(ip[2]!)! };
  const found = findWorkloads(model, name);
  assert.equal(found.length, 1, `workload ${name}`);
  return found[0]!;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe('netpol-analyzer explain oracle', () => {
  it('has the four explain outputs', () => assert.equal(files.length, 4));
  for (const file of files) {
    const dir = file.replace(/_explain_output\.txt$/, '');
    it(`${dir}: verdicts and reasons match for every pair`, async () => {
      const loaded = await loadPaths([`${root}/tests/${dir}`]);
      const model = buildNetworkModel(loaded.inventory, { hostNetwork: 'pod' });
      const { sections, defaults } = parseExplain(readFileSync(`${outputs}/${file}`, 'utf8'));
      assert.ok(sections.length > 0);
      for (const section of sections) {
        const what = `${section.source} => ${section.destination}`;
        const ours = explain(model, endpointOf(model, section.source), endpointOf(model, section.destination));
        const theirAllowed = section.items.filter((i) => i.allowed).reduce((acc, i) => union(acc, i.connections), NO_CONNECTIONS);
        assert.equal(keyOf(ours.allowed), keyOf(theirAllowed), `${what}: allowed connections`);
        for (const direction of ['Egress', 'Ingress'] as const) {
          const mine = direction === 'Egress' ? ours.egress : ours.ingress;
          const allowedItems = section.items.map((i) => i.reasons[direction]).filter((r) => r.state === 'Allowed');
          assert.deepEqual(
            sorted(mine.allowedBy.flatMap((r) => (r.kind === 'rule' ? [`${r.policy}#${r.rule}`] : []))),
            sorted(allowedItems.flatMap((r) => r.rules)),
            `${what}: ${direction} rules that allow`,
          );
          const deniedHere = section.items.map((i) => i.reasons[direction]).filter((r) => r.state === 'Denied');
          assert.deepEqual(
            sorted(mine.deniedBy.flatMap((r) => ('policy' in r ? [r.policy] : []))),
            sorted(deniedHere.flatMap((r) => r.policies)),
            `${what}: ${direction} policies that deny`,
          );
          const theirDefault = section.items.some((i) => i.reasons[direction].systemDefault);
          assert.equal(mine.allowedBy.some((r) => r.kind === 'default'), theirDefault, `${what}: ${direction} allowed by default`);
        }
      }
      for (const pair of defaults) {
        const [src, dst] = pair.split(' => ') as [string, string];
        const ours = explain(model, endpointOf(model, src), endpointOf(model, dst));
        assert.equal(keyOf(ours.allowed), keyOf(ALL_CONNECTIONS), `${pair}: all connections`);
        assert.ok(ours.egress.allowedBy.every((r) => r.kind === 'default') && ours.ingress.allowedBy.every((r) => r.kind === 'default'), `${pair}: by default`);
      }
    });
  }
});
