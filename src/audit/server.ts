import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SecureContextOptions } from 'node:tls';
import type { AuditEvent } from './event.js';
import { eventsOfValue } from './reader.js';

/**
 * HTTPS receiver for the API server's audit webhook backend: it POSTs `EventList` bodies (batches
 * of events) as JSON. Bodies are size-limited, slow clients time out, and every answer is a short
 * JSON document; a bad batch is refused with 400 and never reaches the detector half-read.
 */
export interface AuditServerOptions {
  /** Certificate, key and optionally the client CA (`readTlsFiles`): with a CA, clients must present a certificate it signed. */
  tls: SecureContextOptions;
  /** Refuse bodies larger than this (the API server's default batch is at most a few MB). */
  maxBodyBytes?: number;
  /** Whole-request deadline; also bounds how long headers may take. */
  requestTimeoutMs?: number;
  onEvents: (events: AuditEvent[]) => void;
  /** Called for each refused request, with why (never with the body). */
  onRefused?: (status: number, reason: string) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return 'too-large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createAuditServer(options: AuditServerOptions): Server {
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeout = options.requestTimeoutMs ?? 30_000;
  const refuse = (res: ServerResponse, status: number, reason: string) => {
    options.onRefused?.(status, reason);
    answer(res, status, { error: reason });
  };
  const server = createServer(
    {
      ...options.tls,
      minVersion: options.tls.minVersion ?? 'TLSv1.2',
      requestCert: options.tls.ca !== undefined,
      rejectUnauthorized: options.tls.ca !== undefined,
      handshakeTimeout: 10_000,
      // Deadlines are enforced when connections are checked; the default check runs every 30 s.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(timeout / 2))),
    },
    (req, res) => {
      void (async () => {
        if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/readyz')) return answer(res, 200, { status: 'ok' });
        if (req.method !== 'POST') return refuse(res, 405, 'only POST of an EventList is accepted');
        const body = await readBody(req, limit);
        if (body === 'too-large') {
          refuse(res, 413, `body larger than ${limit} bytes`);
          req.socket.destroySoon();
          return;
        }
        let value: unknown;
        try {
          value = JSON.parse(body.toString('utf8'));
        } catch (e) {
          return refuse(res, 400, `body is not JSON: ${(e as Error).message}`);
        }
        const parsed = eventsOfValue(value);
        if ('error' in parsed) return refuse(res, 400, parsed.error);
        options.onEvents(parsed.events);
        answer(res, 200, { accepted: parsed.events.length });
      })().catch((e: unknown) => {
        if (!res.headersSent) refuse(res, 400, `request failed: ${(e as Error).message}`);
        else res.destroy();
      });
    },
  );
  server.requestTimeout = timeout;
  server.headersTimeout = Math.min(timeout, 10_000);
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;
  server.on('tlsClientError', () => undefined);
  return server;
}
