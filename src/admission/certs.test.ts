import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateWebhookCertificates, writeWebhookCertificates } from './certs.js';

describe('webhook certificates', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const certs = generateWebhookCertificates({ service: 'stockade-webhook', namespace: 'stockade-system', now, days: 30 });

  it('serving certificate names every Service DNS name and is signed by the CA', () => {
    const ca = new X509Certificate(certs.caCert);
    const cert = new X509Certificate(certs.cert);
    assert.equal(ca.ca, true);
    assert.equal(cert.ca, false);
    assert.ok(cert.verify(ca.publicKey));
    assert.ok(cert.checkIssued(ca));
    for (const name of ['stockade-webhook', 'stockade-webhook.stockade-system', 'stockade-webhook.stockade-system.svc', 'stockade-webhook.stockade-system.svc.cluster.local']) {
      assert.equal(cert.checkHost(name), name, name);
    }
    assert.equal(cert.checkHost('evil.example.com'), undefined);
    assert.ok(cert.checkPrivateKey(createPrivateKey(certs.key)));
    assert.equal(new Date(cert.validTo).getTime() > now.getTime() + 29 * 86_400_000, true);
  });

  it('caBundle is the base64 of the CA PEM', () => {
    assert.equal(Buffer.from(certs.caBundle, 'base64').toString(), certs.caCert);
  });

  it('openssl accepts the chain for TLS server use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockade-certs-'));
    writeWebhookCertificates(dir, certs);
    assert.equal(statSync(join(dir, 'tls.key')).mode & 0o777, 0o600);
    const result = spawnSync('openssl', ['verify', '-purpose', 'sslserver', '-attime', String(now.getTime() / 1000 + 3600), '-CAfile', join(dir, 'ca.crt'), join(dir, 'tls.crt')], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /tls\.crt: OK/);
  });

  it('refuses names that are not DNS labels', () => {
    assert.throws(() => generateWebhookCertificates({ service: 'Bad_Name', namespace: 'x' }), /not a valid DNS label/);
  });
});
