import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../corpus.js';
import { runCli } from '../cli/run.js';
import { admissionReview, deployment } from './fixtures.js';
import { call } from './https.js';

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !done(); i++) await new Promise((r) => setTimeout(r, 200));
  assert.ok(done(), 'timed out waiting for the webhook log');
}

describe('stockade webhook (built CLI)', () => {
  it('certs writes a CA, a serving certificate and prints the caBundle', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stockade-cli-certs-')), 'certs');
    const result = await runCli(['webhook', 'certs', '--service', 'stockade-webhook', '--namespace', 'stockade-system', '--out', out, '--dns', 'localhost', '--ip', '127.0.0.1']);
    assert.equal(result.code, 0, result.stderr);
    const caBundle = result.stdout.trim();
    assert.equal(Buffer.from(caBundle, 'base64').toString(), readFileSync(join(out, 'ca.crt'), 'utf8'));
    assert.equal(readFileSync(join(out, 'caBundle'), 'utf8'), caBundle);
    const cert = new X509Certificate(readFileSync(join(out, 'tls.crt')));
    assert.equal(cert.checkHost('stockade-webhook.stockade-system.svc'), 'stockade-webhook.stockade-system.svc');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  });

  it('certs refuses a bad service name with exit 2 and one line', async () => {
    const result = await runCli(['webhook', 'certs', '--service', 'Web_Hook', '--namespace', 'x', '--out', tmpdir()]);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stderr, 'stockade: service "Web_Hook" is not a valid DNS label (lower-case letters, digits and \'-\')\n');
  });

  it('serve refuses a broken config before listening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockade-cli-serve-'));
    writeFileSync(join(dir, 'bad.yaml'), 'admission:\n  defaultMode: block\n');
    const result = await runCli(['webhook', 'serve', '--tls-cert', join(dir, 'x'), '--tls-key', join(dir, 'y'), '--config', join(dir, 'bad.yaml'), '--port', '0']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^stockade: .*bad\.yaml: admission\.defaultMode: expected one of enforce, warn, audit\n$/);
  });

  it('serve answers over HTTPS in audit mode, logs one JSON line per violation set, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockade-cli-serve-'));
    const certs = await runCli(['webhook', 'certs', '--service', 's', '--namespace', 'n', '--out', dir, '--dns', 'localhost', '--ip', '127.0.0.1']);
    assert.equal(certs.code, 0, certs.stderr);
    writeFileSync(join(dir, 'config.yaml'), 'admission:\n  defaultMode: audit\n');
    const child = spawn(process.execPath, [join(repoRoot, 'bin/stockade.js'), 'webhook', 'serve', '--tls-cert', join(dir, 'tls.crt'), '--tls-key', join(dir, 'tls.key'), '--config', join(dir, 'config.yaml'), '--port', '0', '--host', '127.0.0.1', '--no-kube', '--workers', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', () => {
          const match = /listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
          if (match) resolve(Number(match[1]));
        });
        child.on('exit', (code) => reject(new Error(`serve exited early (${code})`)));
      });
      const ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
      assert.equal((await call(port, ca, 'GET', '/readyz')).status, 200);
      const privileged = deployment('legacy', 'shop', { privileged: true, hardened: false });
      const reply = JSON.parse((await call(port, ca, 'POST', '/validate', JSON.stringify(admissionReview(privileged)))).body);
      assert.equal(reply.response.allowed, true);
      await call(port, ca, 'POST', '/validate', JSON.stringify(admissionReview(privileged, { dryRun: true })));
      const metrics = (await call(port, ca, 'GET', '/metrics')).body;
      assert.match(metrics, /stockade_admission_audit_violations_total\{check="privileged-container"\} 1\n/);
      const audit = stdout.split('\n').filter((l) => l.includes('"level":"audit"'));
      assert.equal(audit.length, 1, 'the dry run left no trace');
      const entry = JSON.parse(audit[0]!);
      assert.equal(entry.resource.name, 'legacy');
      assert.ok(entry.violations.some((v: { check: string }) => v.check === 'privileged-container'));

      // A broken edit is refused and audit stays in force; a good one switches to enforce, no restart.
      writeFileSync(join(dir, 'config.yaml'), 'admission:\n  defaultMode: strict\n');
      await until(() => stdout.includes('configuration not reloaded'));
      assert.equal(JSON.parse((await call(port, ca, 'POST', '/validate', JSON.stringify(admissionReview(privileged)))).body).response.allowed, true);
      writeFileSync(join(dir, 'config.yaml'), 'admission:\n  defaultMode: enforce\n');
      await until(() => stdout.includes('configuration reloaded'));
      assert.equal(JSON.parse((await call(port, ca, 'POST', '/validate', JSON.stringify(admissionReview(privileged)))).body).response.allowed, false);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      clearTimeout(killer);
    }
  });
});

describe('stockade webhook serve --workers', () => {
  it('runs two processes on one port, answers /metrics with the sum over both, and stops both on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockade-cli-workers-'));
    const certs = await runCli(['webhook', 'certs', '--service', 's', '--namespace', 'n', '--out', dir, '--dns', 'localhost', '--ip', '127.0.0.1']);
    assert.equal(certs.code, 0, certs.stderr);
    const child = spawn(process.execPath, [join(repoRoot, 'bin/stockade.js'), 'webhook', 'serve', '--tls-cert', join(dir, 'tls.crt'), '--tls-key', join(dir, 'tls.key'), '--port', '0', '--host', '127.0.0.1', '--no-kube', '--workers', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const killer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const ports = await new Promise<number[]>((resolve, reject) => {
        child.stdout.on('data', () => {
          const found = [...stdout.matchAll(/listening on https:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
          if (found.length === 2) resolve(found);
        });
        void exited.then((code) => reject(new Error(`serve exited early (${code})`)));
      });
      // Port 0 in a cluster: the primary binds once and both workers share that port.
      assert.equal(ports[0], ports[1]);
      const ca = readFileSync(join(dir, 'ca.crt'), 'utf8');
      assert.equal((await call(ports[0]!, ca, 'GET', '/healthz')).status, 200);
      // One connection per request: the primary hands connections to the workers in turn, so both answer some.
      const review = JSON.stringify(admissionReview(deployment('web', 'shop')));
      for (let i = 0; i < 6; i++) assert.equal((await call(ports[0]!, ca, 'POST', '/validate', review)).status, 200);
      for (let scrape = 0; scrape < 2; scrape++) {
        const metrics = (await call(ports[0]!, ca, 'GET', '/metrics')).body;
        assert.match(metrics, /^stockade_admission_requests_total\{endpoint="validate",kind="Deployment",operation="CREATE",decision="allow"\} 6$/m);
        assert.match(metrics, /^stockade_admission_request_duration_seconds_count\{[^}]*\} 6$/m);
      }
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      clearTimeout(killer);
    }
  });
});
