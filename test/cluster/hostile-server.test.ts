import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InputError } from '../../src/core/errors.js';
import { loadClusterInventory, loadSnapshot } from '../../src/load/cluster/index.js';
import { writeKubeconfig } from './certs.js';
import { testPki, TOKEN } from './helpers.js';

/** Deterministic pseudo-random numbers, so that a failing case can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

const BODIES: ((r: () => number) => [number, string])[] = [
  () => [200, 'not json at all'],
  () => [200, '{"items": 5, "metadata": {"continue": 7}}'],
  () => [200, JSON.stringify({ groups: [{ name: 'apps' }, null, 3, { name: 'batch', preferredVersion: { groupVersion: 42 } }] })],
  () => [200, JSON.stringify({ resources: [{ name: 'pods', kind: 'Pod', namespaced: true, verbs: 'list' }, { name: 7 }, null] })],
  () => [200, JSON.stringify({ resources: [{ name: 'pods', kind: 'Pod', namespaced: true, verbs: ['list'] }, { name: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['list'] }] })],
  () => [200, JSON.stringify({ kind: 'PodList', metadata: {}, items: [null, 1, 'x', { metadata: 'nope' }, { metadata: { name: 'ok', namespace: 'a' }, spec: { containers: 'no' } }] })],
  (r) => [200, JSON.stringify({ kind: 'List', metadata: { continue: r() < 0.5 ? 'again' : '' }, items: [] })],
  () => [200, JSON.stringify({ kind: 'List', metadata: { continue: 'again' }, items: [{ metadata: { name: 'loop' } }] })],
  () => [500, '<html>proxy error</html>'],
  () => [403, JSON.stringify({ kind: 'Status', message: 'forbidden' })],
  () => [410, JSON.stringify({ kind: 'Status', message: 'expired' })],
  () => [404, ''],
  () => [200, '{"items": [' + '{"metadata":{"name":"x"}},'.repeat(2000) + '{}]}'],
];

describe('cluster loader against a hostile or broken API server', () => {
  let server: Server;
  let dir: string;
  let kubeconfig: string;
  let seed = 1;
  let silent = false;

  before(async () => {
    const pki = testPki();
    server = createServer({ cert: pki.serverCert, key: pki.serverKey }, (req, res) => {
      if (silent) return; // never answers: the client's deadline must end the scan
      const r = random(seed * 7919 + (req.url?.length ?? 0));
      const [status, body] = BODIES[Math.floor(r() * BODIES.length)]!(r);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'stockade-hostile-'));
    kubeconfig = writeKubeconfig(dir, `https://127.0.0.1:${(server.address() as AddressInfo).port}`, pki, { token: TOKEN });
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('200 random answer sequences: a result with errors and notes, or one input error; never a crash', async () => {
    let results = 0;
    let inputErrors = 0;
    for (seed = 1; seed <= 200; seed++) {
      try {
        const loaded = await loadClusterInventory({ kubeconfig, progress: false, timeoutMs: 5000, concurrency: 3 });
        for (const entry of loaded.inventory.entries) assert.ok(typeof entry.object.kind === 'string' && typeof entry.object.apiVersion === 'string');
        results++;
      } catch (error) {
        assert.ok(error instanceof InputError, `seed ${seed}: ${(error as Error).stack}`);
        assert.doesNotMatch(error.message, /\n/);
        inputErrors++;
      }
    }
    assert.ok(results > 0 && inputErrors > 0, `both outcomes occur (${results} results, ${inputErrors} input errors)`);
  });

  it('a server that never answers ends the scan at the request deadline with one line', async () => {
    silent = true;
    try {
      await assert.rejects(loadClusterInventory({ kubeconfig, progress: false, timeoutMs: 300 }), (e: unknown) => e instanceof InputError && /^cluster: cannot reach https:\/\/127\.0\.0\.1:\d+: no answer within 300 ms$/.test(e.message));
    } finally {
      silent = false;
    }
  });

  it('snapshots that are not snapshots are input errors naming the file', () => {
    const cases: [string, string, RegExp][] = [
      ['binary.json', '\u0000\u0001\u0002', /not a snapshot/],
      ['list.json', '{"apiVersion":"v1","kind":"List","items":[]}', /not a Stockade cluster snapshot/],
      ['future.json', '{"apiVersion":"v1","kind":"List","items":[],"stockade":{"snapshotFormat":99}}', /snapshot format 99 is not supported/],
      ['bad.yaml', 'a: [\n', /bad\.yaml:\d+: not a snapshot/],
      ['bomb.yaml', 'a: &a ["x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nkind: List\nitems: *c\n', /not a Stockade cluster snapshot/],
    ];
    for (const [name, text, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, text);
      assert.throws(() => loadSnapshot(file), (e: unknown) => e instanceof InputError && e.message.startsWith(file) && message.test(e.message), name);
    }
    const items = join(dir, 'items.json');
    writeFileSync(items, '{"apiVersion":"v1","kind":"List","stockade":{"snapshotFormat":1},"items":[{"kind":"Pod"},{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}]}');
    const loaded = loadSnapshot(items);
    assert.equal(loaded.inventory.size, 1);
    assert.match(loaded.notes[0]!.message, /item 0 of the snapshot has no apiVersion\/kind/);
  });
});
