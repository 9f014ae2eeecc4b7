import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../core/errors.js';
import { openHistory } from '../store/history.js';
import { checkExposure, startDashboard, tokenMatches, type RunningDashboard } from './server.js';
import { createHash } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { generateWebhookCertificates } from '../admission/certs.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-dash-'));
const dbPath = join(dir, 'history.db');
const TOKEN = 'correct-horse-battery-staple';
let open: RunningDashboard;
let guarded: RunningDashboard;

before(async () => {
  openHistory(dbPath).close();
  open = await startDashboard({ dbPath, host: '127.0.0.1', port: 0 });
  guarded = await startDashboard({ dbPath, host: '127.0.0.1', port: 0, token: TOKEN });
});
after(async () => {
  await open?.close();
  await guarded?.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(url: string, options: { method?: string; headers?: Record<string, string>; path?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: options.path ?? u.pathname, method: options.method ?? 'GET', headers: options.headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard server', () => {
  it('refuses to listen beyond loopback without a token, saying why', () => {
    assert.throws(() => checkExposure('0.0.0.0', undefined), (e: unknown) => e instanceof UsageError && /without a token/.test(e.message));
    assert.throws(() => checkExposure('10.0.0.5', 'short'), UsageError);
    checkExposure('0.0.0.0', TOKEN);
    checkExposure('127.0.0.1', undefined);
    checkExposure('::1', undefined);
  });

  it('checks the bearer token', () => {
    const expected = createHash('sha256').update(TOKEN).digest();
    assert.equal(tokenMatches(`Bearer ${TOKEN}`, expected), true);
    assert.equal(tokenMatches(`Bearer ${TOKEN}x`, expected), false);
    assert.equal(tokenMatches(TOKEN, expected), false);
    assert.equal(tokenMatches(undefined, expected), false);
  });

  it('serves the page with security headers and the script as a file', async () => {
    const page = await get(open.url);
    assert.equal(page.status, 200);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.match(page.body, /<script src="\/app.js" defer><\/script>/);
    assert.doesNotMatch(page.body, /<script>/, 'no inline script');
    assert.equal((await get(new URL('app.js', open.url).href)).status, 200);
  });

  it('is read-only, rejects foreign Host headers and unknown paths', async () => {
    assert.equal((await get(new URL('api/scans', open.url).href, { method: 'POST' })).status, 405);
    assert.equal((await get(new URL('api/scans', open.url).href, { method: 'DELETE' })).status, 405);
    assert.equal((await get(new URL('api/scans', open.url).href, { headers: { Host: 'attacker.example:80' } })).status, 421);
    assert.equal((await get(new URL('api/scans/1/findings', open.url).href)).status, 404);
    assert.deepEqual(JSON.parse((await get(new URL('api/scans', open.url).href)).body), []);
  });

  it('requires the token on the API when one is configured', async () => {
    const api = new URL('api/scans', guarded.url).href;
    const without = await get(api);
    assert.equal(without.status, 401);
    assert.equal(without.headers['www-authenticate'], 'Bearer');
    assert.equal((await get(api, { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
    assert.equal((await get(api, { headers: { Authorization: `Bearer ${TOKEN}` } })).status, 200);
  });

  it('serves HTTPS with a given certificate', async () => {
    const certs = generateWebhookCertificates({ service: 'stockade-dashboard', namespace: 'stockade', ipAddresses: ['127.0.0.1'] });
    const tls = await startDashboard({ dbPath, host: '127.0.0.1', port: 0, tls: { cert: certs.cert, key: certs.key } });
    try {
      assert.match(tls.url, /^https:/);
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpsRequest(new URL('api/scans', tls.url), { ca: certs.caCert, timeout: 10_000 }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('timeout', () => req.destroy(new Error('timed out')));
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 200);
    } finally {
      await tls.close();
    }
  });

  it('answers arbitrary request paths without an internal error', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['/', 'api', 'scans', '1', '99999999999999999999', 'finding', '%00', '..', '%2e%2e', '?', '&', 'rbac', '-1', 'x', '%ff', '#'];
    for (let i = 0; i < 300; i++) {
      let path = '/';
      const n = 1 + Math.floor(random() * 6);
      for (let j = 0; j < n; j++) path += alphabet[Math.floor(random() * alphabet.length)];
      const r = await get(open.url, { path });
      assert.ok([200, 404].includes(r.status), `${path}: ${r.status}`);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
    }
  });
});
