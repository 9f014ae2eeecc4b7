import { request, type Agent } from 'node:https';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWebhookCertificates, writeWebhookCertificates, type WebhookCertificates } from '../../src/admission/certs.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Serving certificates for 127.0.0.1, written to a fresh directory by our own `webhook certs` code. */
export function loopbackCertificates(): { dir: string; certs: WebhookCertificates; cert: string; key: string; ca: string } {
  const certs = generateWebhookCertificates({ service: 'stockade-webhook', namespace: 'stockade-system', extraDnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const dir = mkdtempSync(join(tmpdir(), 'stockade-webhook-tls-'));
  writeWebhookCertificates(dir, certs);
  return { dir, certs, cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key'), ca: join(dir, 'ca.crt') };
}

export function call(
  port: number,
  ca: string,
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = body !== undefined ? { 'content-type': 'application/json' } : {},
  extra: { cert?: string; key?: string; agent?: Agent } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, ca, headers, agent: false as Agent | false, timeout: 60_000, servername: 'localhost', ...extra },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}
