import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadPaths, loadText } from '../../src/load/index.js';
import { contains, type Protocol } from '../../src/network/connections.js';
import { parseIPv4 } from '../../src/network/ip.js';
import { buildNetworkModel, evaluatePair, findWorkloads, type Endpoint } from '../../src/network/index.js';
import { corpusPath } from '../corpus.js';

/**
 * ahmetb/kubernetes-network-policy-recipes: every allow/deny row of EXPECTED.tsv, each read from a
 * recipe's "Try it out" transcript. The topology of each row (namespaces, pods, labels, ports) is
 * built from the row's own columns; a column naming several alternatives ("any", "a or b") must
 * give the expected verdict for every one of them.
 */
const root = corpusPath('network-policy-recipes');
const rows = readFileSync(`${root}/EXPECTED.tsv`, 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => l.split('\t'));

const NAMESPACE_LABELS: Record<string, Record<string, string>> = {
  default: {},
  foo: {},
  secondary: {},
  dev: { purpose: 'testing' },
  prod: { purpose: 'production' },
  other: { team: 'operations' },
  'kube-system': {},
};

type Side =
  | { kind: 'pod'; namespace: string; labels: Record<string, string>; ports: [number, Protocol][] }
  | { kind: 'external'; ip: string; ports: [number, Protocol][] };

const ANY_LABELS: Record<string, string>[] = [{}, { app: 'web' }, { app: 'bookstore', role: 'api' }];
const ANY_PORTS: [number, Protocol][] = [
  [80, 'TCP'],
  [53, 'UDP'],
  [8080, 'TCP'],
];
const EXTERNAL_IP = '93.184.216.34';

function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',').filter((p) => p.trim() !== '')) {
    const [k, v] = pair.split('=');
    out[k!.trim()] = (v ?? '').trim();
  }
  return out;
}

function parsePorts(text: string | undefined): [number, Protocol][] {
  if (text === undefined) return [];
  if (text === 'any') return ANY_PORTS;
  return text.split(',').map((p) => {
    const [port, protocol] = p.split('/');
    return [Number(port), (protocol ?? 'TCP') as Protocol];
  });
}

function parseSide(raw: string, role: 'src' | 'dst'): Side[] {
  const text = raw.replace(/\([^)]*\)/g, '').trim();
  if (text === 'any') {
    return role === 'src'
      ? [
          { kind: 'pod', namespace: 'default', labels: {}, ports: [] },
          { kind: 'pod', namespace: 'secondary', labels: { app: 'web' }, ports: [] },
          { kind: 'external', ip: EXTERNAL_IP, ports: [] },
        ]
      : [
          { kind: 'pod', namespace: 'default', labels: { app: 'web' }, ports: [[80, 'TCP']] },
          { kind: 'pod', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [[53, 'UDP']] },
          { kind: 'external', ip: EXTERNAL_IP, ports: [[80, 'TCP']] },
        ];
  }
  if (text.startsWith('any namespace')) {
    return [
      { kind: 'pod', namespace: 'secondary', labels: {}, ports: [] },
      { kind: 'pod', namespace: 'default', labels: {}, ports: [] },
      { kind: 'external', ip: EXTERNAL_IP, ports: [] },
    ];
  }
  const external = /^external(?:\s+([\d.]+))?(?:\s+:(\S+))?/.exec(text);
  if (external) return [{ kind: 'external', ip: external[1] ?? EXTERNAL_IP, ports: parsePorts(external[2]) }];
  const pod = /^([\w-]+)(?:\[([^\]]*)\])?\s+(.*?)(?:\s+:(\S+))?$/.exec(text);
  assert.ok(pod, `cannot read "${raw}"`);
  const [, namespace, nsLabels, groups, ports] = pod;
  if (nsLabels) assert.deepEqual(parseLabels(nsLabels), NAMESPACE_LABELS[namespace!], `labels of namespace ${namespace}`);
  const labelSets: Record<string, string>[] = groups!.split(/\s+or\s+/).flatMap((g) => {
    const inner = /^\{(.*)\}$/.exec(g.trim())![1]!;
    return inner === 'any' ? ANY_LABELS : [parseLabels(inner)];
  });
  return labelSets.map((labels) => ({ kind: 'pod', namespace: namespace!, labels, ports: parsePorts(ports) }));
}

function podYaml(name: string, side: Extract<Side, { kind: 'pod' }>): string {
  const ports = side.ports.map(([port, protocol]) => ({ containerPort: port, protocol }));
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: side.namespace, labels: side.labels },
    spec: { containers: [{ name: 'c', image: 'nginx', ports }] },
  });
}

function namespacesYaml(): string {
  return Object.entries(NAMESPACE_LABELS)
    .map(([name, labels]) => JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } }))
    .join('\n---\n');
}

describe('network-policy-recipes oracle (EXPECTED.tsv)', () => {
  it('has every row of the table', () => assert.equal(rows.length, 33));
  for (const [recipe, policies, dstText, srcText, expected] of rows) {
    it(`recipe ${recipe}: ${srcText} -> ${dstText} is ${expected}`, async () => {
      const loaded = await loadPaths(policies!.split(' + ').map((p) => `${root}/${p.trim()}`));
      assert.deepEqual(loaded.errors, []);
      const sources = parseSide(srcText!, 'src');
      const destinations = parseSide(dstText!, 'dst');
      const docs = [namespacesYaml()];
      sources.forEach((s, i) => s.kind === 'pod' && docs.push(podYaml(`src-${i}`, s)));
      destinations.forEach((d, i) => d.kind === 'pod' && docs.push(podYaml(`dst-${i}`, d)));
      loadText(docs.join('\n---\n'), 'topology.yaml', loaded.inventory);
      const model = buildNetworkModel(loaded.inventory);
      const endpoint = (side: Side, name: string): Endpoint => {
        if (side.kind === 'external') {
          const ip = parseIPv4(side.ip)!;
          return { type: 'external', lo: ip, hi: ip };
        }
        return findWorkloads(model, `${side.namespace}/${name}`)[0]!;
      };
      const allow = expected!.startsWith('allow');
      assert.ok(allow || expected!.startsWith('deny'));
      for (const [i, s] of sources.entries()) {
        for (const [j, d] of destinations.entries()) {
          assert.ok(d.ports.length > 0, 'a destination names the ports it is asked about');
          const verdict = evaluatePair(model, endpoint(s, `src-${i}`), endpoint(d, `dst-${j}`));
          for (const [port, protocol] of d.ports) {
            assert.equal(contains(verdict.allowed, protocol, port), allow, `${JSON.stringify(s)} -> ${JSON.stringify(d)} ${port}/${protocol}`);
          }
        }
      }
    });
  }
});
