import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadPaths } from '../../src/load/index.js';
import { keyOf } from '../../src/network/connections.js';
import { buildNetworkModel, connections, connlist, endpointName, evaluatePair, formatConnlist, formatConnlistChunks, type Endpoint, type NetworkModel } from '../../src/network/index.js';
import { corpusPath } from '../corpus.js';

/**
 * np-guard/netpol-analyzer's own connlist expectations: for every test directory of the corpus,
 * our connections equal theirs as a set of lines, in every format they stored (dot compared by
 * its edges, since layout attributes are theirs). netpol-analyzer applies policies to host-network
 * pods like to any pod, so the model is built in that mode here.
 */
const root = corpusPath('netpol-analyzer');
const outputs = `${root}/test_outputs/connlist`;
const dirs = readdirSync(`${root}/tests`).sort();

async function modelOf(dir: string): Promise<NetworkModel> {
  const loaded = await loadPaths([`${root}/tests/${dir}`]);
  assert.deepEqual(loaded.errors, []);
  const model = buildNetworkModel(loaded.inventory, { hostNetwork: 'pod' });
  assert.deepEqual(model.problems.map((p) => p.message), []);
  return model;
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

function sameSet(actual: string[], expected: string[], what: string): void {
  const a = new Set(actual);
  const e = new Set(expected);
  const missing = [...e].filter((l) => !a.has(l));
  const extra = [...a].filter((l) => !e.has(l));
  assert.deepEqual({ missing: missing.slice(0, 10), extra: extra.slice(0, 10) }, { missing: [], extra: [] }, what);
  assert.equal(actual.length, expected.length, `${what}: duplicate lines`);
}

function dotEdges(text: string): string[] {
  return lines(text)
    .map((l) => /^\s*("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*") \[label=("(?:[^"\\]|\\.)*")/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} -> ${m[2]} ${m[3]}`);
}

describe('netpol-analyzer connlist oracle', () => {
  it('covers every test directory of the corpus', () => {
    assert.equal(dirs.length, 18);
    for (const dir of dirs) assert.ok(existsSync(`${outputs}/${dir}_connlist_output.txt`), dir);
  });
  for (const dir of dirs) {
    it(`${dir}: connlist equals the expected output in every stored format`, async () => {
      const model = await modelOf(dir);
      const list = connlist(model);
      sameSet(lines(formatConnlist(list, 'txt')), lines(readFileSync(`${outputs}/${dir}_connlist_output.txt`, 'utf8')), 'txt');
      const csv = `${outputs}/${dir}_connlist_output.csv`;
      if (existsSync(csv)) sameSet(lines(formatConnlist(list, 'csv')), lines(readFileSync(csv, 'utf8')), 'csv');
      const md = `${outputs}/${dir}_connlist_output.md`;
      if (existsSync(md)) sameSet(lines(formatConnlist(list, 'md')), lines(readFileSync(md, 'utf8')), 'md');
      const json = `${outputs}/${dir}_connlist_output.json`;
      if (existsSync(json)) {
        const key = (r: { src: string; dst: string; conn: string }) => `${r.src} ${r.dst} ${r.conn}`;
        const ours = (JSON.parse(formatConnlist(list, 'json')) as { src: string; dst: string; conn: string }[]).map(key);
        const theirs = (JSON.parse(readFileSync(json, 'utf8')) as { src: string; dst: string; conn: string }[]).map(key);
        sameSet(ours, theirs, 'json');
      }
      for (const format of ['txt', 'csv', 'md', 'json'] as const) {
        assert.equal([...formatConnlistChunks(connections(model), format)].join(''), formatConnlist(list, format), `streamed ${format}`);
      }
      const dot = `${outputs}/${dir}_connlist_output.dot`;
      if (existsSync(dot)) sameSet(dotEdges(formatConnlist(list, 'dot')), dotEdges(readFileSync(dot, 'utf8')), 'dot edges');
    });
  }

  for (const dir of dirs) {
    it(`${dir}: pair-by-pair evaluation agrees with the grouped matrix`, async () => {
      const model = await modelOf(dir);
      const listed = new Map(connlist(model).map((c) => [`${endpointName(c.source)} ${endpointName(c.destination)}`, keyOf(c.connections)]));
      const check = (source: Endpoint, destination: Endpoint) => {
        const allowed = evaluatePair(model, source, destination).allowed;
        const key = `${endpointName(source)} ${endpointName(destination)}`;
        assert.equal(listed.get(key) ?? keyOf({ TCP: [], UDP: [], SCTP: [] }), keyOf(allowed), key);
      };
      for (const src of model.workloads) {
        for (const dst of model.workloads) if (src !== dst) check(src, dst);
        for (const ext of model.externalDestinations) check(src, ext);
        for (const ext of model.externalSources) check(ext, src);
      }
    });
  }
});
