import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { importOsv, openVulnDb, storeImageInventory } from '../../src/image/vuln/index.js';
import { runCli } from '../cli/run.js';
import { corpusRecords, makeZip } from './zips.js';

/** A local stand-in for OSV's export bucket: `/<ecosystem>/all.zip`, with ETags, on loopback only. */
const exports = new Map<string, Buffer>();
const requests: string[] = [];
let server: Server;
let base: string;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stockade-dbcli-'));
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers['if-none-match'] ?? ''}`);
    const match = /^\/([^/]+)\/all\.zip$/.exec(req.url ?? '');
    const body = match ? exports.get(decodeURIComponent(match[1])) : undefined;
    if (!body) {
      res.writeHead(match?.[1] === 'Broken' ? 500 : 404).end();
      return;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length, etag }).end(body);
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const records = corpusRecords();
const zipOf = (...ids: string[]) => makeZip(Object.fromEntries(ids.map((id) => [`${id}.json`, JSON.stringify(records.get(id))])));

test('db update downloads each ecosystem, skips unchanged exports, re-matches stored images, reports failures', async () => {
  const db = join(dir, 'update.db');
  exports.set('Debian', await zipOf('DLA-3022-1', 'DLA-3051-1'));
  exports.set('Alpine', await zipOf('ALPINE-CVE-2025-26519'));

  const first = await runCli(['db', 'update', '--db', db, '--source', base, '--ecosystem', 'Debian,Alpine']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Debian: 2 records \(2 new, 0 updated, 0 removed\)$/m);
  assert.match(first.stdout, /^Alpine: 1 records \(1 new, 0 updated, 0 removed\)$/m);

  // An image scanned before the next update: Debian 9 with openssl 1.1.0l-1~deb9u5 and tzdata.
  const vdb = openVulnDb(db);
  const baseline = storeImageInventory(
    vdb,
    { digest: 'sha256:aaa', reference: 'registry.local/app:1', os: 'debian 9' },
    [
      { ecosystem: 'Debian:9', name: 'libssl1.1', version: '1.1.0l-1~deb9u5', sourceName: 'openssl', sourceVersion: '1.1.0l-1~deb9u5', purl: 'pkg:deb/debian/libssl1.1@1.1.0l-1~deb9u5', foundIn: '/var/lib/dpkg/status' },
      { ecosystem: 'Debian:9', name: 'tzdata', version: '2021a-0+deb9u3', sourceName: 'tzdata', sourceVersion: '2021a-0+deb9u3', purl: 'pkg:deb/debian/tzdata@2021a-0+deb9u3', foundIn: '/var/lib/dpkg/status' },
    ],
    new Date(),
  );
  vdb.close();
  assert.deepEqual(baseline.matches.map((m) => m.id), ['DLA-3051-1']);

  // The Debian export grows by the openssl advisory; Alpine's is unchanged (304, not downloaded).
  exports.set('Debian', await zipOf('DLA-3022-1', 'DLA-3051-1', 'DLA-3008-1'));
  requests.length = 0;
  const second = await runCli(['db', 'update', '--db', db, '--source', base, '--ecosystem', 'Debian', '--ecosystem', 'Alpine']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /^Debian: 3 records \(1 new, 0 updated, 0 removed\)$/m);
  assert.match(second.stdout, /^Alpine: unchanged since the last update$/m);
  assert.match(second.stdout, /^registry\.local\/app:1 \(sha256:aaa\): 1 newly affected, 0 no longer affected$/m);
  assert.match(second.stdout, /^ {2}\+ DLA-3008-1 libssl1\.1 1\.1\.0l-1~deb9u5 medium \(fixed in 1\.1\.0l-1~deb9u6\)$/m);
  assert.ok(requests.some((r) => r.startsWith('GET /Alpine/all.zip "')), 'the Alpine request was conditional');

  const failing = await runCli(['db', 'update', '--db', db, '--source', base, '--ecosystem', 'Broken,Debian']);
  assert.equal(failing.code, 2);
  assert.match(failing.stderr, /^stockade: Broken: http:\/\/127\.0\.0\.1:\d+\/Broken\/all\.zip: HTTP 500/m);
  assert.match(failing.stdout, /^Debian: unchanged since the last update$/m);
  assert.equal(failing.stderr.trim().split('\n').length, 1);

  const stale = await runCli(['db', 'status', '--db', db, '--max-age', '0m']);
  assert.equal(stale.code, 0);
  assert.match(stale.stdout, /^Debian\s+3\s+\S+\s+\S+\s+\(stale\)$/m);
  assert.match(stale.stderr, /warning: Debian data is \S+ old, older than the 0m limit: run `stockade db update`/);

  // Both current matches, neither new: the update already re-matched and recorded them.
  const all = await runCli(['image', 'rescan', '--db', db, '--format', 'json', '--all']);
  const findings = (JSON.parse(all.stdout) as { findings: Array<{ check: string; resource: { kind: string; name: string }; vulnerability: { id: string; package: string; sourcePackage: string; installed: string; fixed: string | null; new: boolean } }> }).findings;
  assert.deepEqual(
    findings.map((f) => [f.check, f.resource.kind, f.resource.name, f.vulnerability.id, f.vulnerability.package, f.vulnerability.sourcePackage, f.vulnerability.fixed, f.vulnerability.new]).sort(),
    [
      ['vulnerable-package', 'Image', 'registry.local/app:1', 'DLA-3008-1', 'libssl1.1', 'openssl', '1.1.0l-1~deb9u6', false],
      ['vulnerable-package', 'Image', 'registry.local/app:1', 'DLA-3051-1', 'tzdata', 'tzdata', '2021a-0+deb9u4', false],
    ].sort(),
  );
});

test('db import and image rescan from the command line: new matches are reported once, failing at the threshold', async () => {
  const db = join(dir, 'import.db');
  const first = join(dir, 'first.zip');
  writeFileSync(first, await zipOf('DLA-3022-1'));
  const imported = await runCli(['db', 'import', first, '--db', db]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /first\.zip: 1 records \(1 new, 0 updated, 0 unchanged\); ecosystems: Debian/);

  const vdb = openVulnDb(db);
  storeImageInventory(vdb, { digest: 'sha256:bbb', reference: 'app:2' }, [
    { ecosystem: 'Debian:9', name: 'dpkg', version: '1.18.25', sourceName: 'dpkg', sourceVersion: '1.18.25', purl: 'pkg:deb/debian/dpkg@1.18.25', foundIn: '/var/lib/dpkg/status' },
    { ecosystem: 'Debian:9', name: 'libxml2', version: '2.9.4+dfsg1-2.2+deb9u6', sourceName: 'libxml2', sourceVersion: '2.9.4+dfsg1-2.2+deb9u6', purl: 'pkg:deb/debian/libxml2@2.9.4+dfsg1-2.2+deb9u6', foundIn: '/var/lib/dpkg/status' },
  ], new Date());
  vdb.close();

  // New data arrives without a re-match (as a library caller would import it): the rescan finds it.
  const second = join(dir, 'second.zip');
  writeFileSync(second, await zipOf('DLA-3012-1'));
  const later = openVulnDb(db);
  await importOsv(later.advisories, second, { now: new Date() });
  later.close();

  const rescan = await runCli(['image', 'rescan', 'sha256:bbb', '--db', db, '--fail-on', 'low']);
  assert.equal(rescan.code, 1, rescan.stderr);
  assert.match(rescan.stdout, /Image app:2/);
  assert.match(rescan.stdout, /libxml2 2\.9\.4\+dfsg1-2\.2\+deb9u6 is affected by DLA-3012-1 \(CVE-2022-29824, DEBIAN-CVE-2022-29824\); fixed in 2\.9\.4\+dfsg1-2\.2\+deb9u7\./);
  assert.match(rescan.stderr, /app:2: 2 packages re-matched, 1 newly affected, 0 no longer affected/);
  const unknown = await runCli(['image', 'rescan', 'sha256:nope', '--db', db]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^stockade: no stored inventory for sha256:nope/);
});
