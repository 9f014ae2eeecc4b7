import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { oneLine } from '../core/errors.js';
import { readTlsFiles, reloadTlsOnChange, type TlsFiles } from '../core/tls.js';
import type { AdmissionController, Endpoint } from './decide.js';
import { WebhookMetrics, type ErrorType } from './metrics.js';
import { parseReview, reviewResponse, ReviewError, type AdmissionReview } from './review.js';
import { MODES, type Mode } from './settings.js';

/** Kubernetes' own limit on a request body: anything larger cannot be a real AdmissionReview. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** What the server needs of a controller: the server layer can then be measured with one that runs no checks. */
export type Reviewer = Pick<AdmissionController, 'review'>;

export interface WebhookServerOptions {
  tls: TlsFiles;
  port: number;
  host?: string;
  /** Builds the controller (reads config, selects checks); /readyz answers 200 once it resolved. */
  controller: Promise<Reviewer>;
  /** Audit lines and operational messages; JSON lines on stdout by default. */
  log?: (line: string) => void;
  /** How often the certificate files are checked for rotation. */
  certPollMs?: number;
  /** Time allowed for the request headers, and for the whole request including its body. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Time allowed for the TLS handshake; generous, since a burst of new connections queues here. */
  handshakeTimeoutMs?: number;
  metrics?: WebhookMetrics;
  /** What /metrics answers with; by default this process's metrics (with workers: the sum over all of them). */
  metricsText?: () => Promise<string>;
}

export interface WebhookServer {
  server: Server;
  port: number;
  metrics: WebhookMetrics;
  /** How many times the certificate files were read again after a change, and the last failure. */
  reloads: { count: number; lastError?: string };
  /** Judges the following requests with another controller (a reloaded configuration). */
  setController(controller: Reviewer): void;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: ErrorType,
  ) {
    super(message);
  }
}

/**
 * The webhook's HTTPS server: TLS 1.2+, certificate reload on rotation, bounded bodies and
 * timeouts, one-line reasons on every error, and a process that keeps serving whatever a
 * client sends.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(line + '\n'));
  const metrics = options.metrics ?? new WebhookMetrics();
  const tls = readTlsFiles(options.tls);
  let controller: Reviewer | undefined;
  let notReady = 'loading configuration and checks';
  options.controller.then(
    (c) => {
      controller = c;
    },
    (error: unknown) => {
      notReady = `configuration failed to load: ${oneLine(error)}`;
      log(JSON.stringify({ level: 'error', msg: notReady }));
    },
  );

  const server = createServer({
    ...tls,
    requestCert: options.tls.clientCa !== undefined,
    rejectUnauthorized: options.tls.clientCa !== undefined,
    headersTimeout: options.headersTimeoutMs ?? 10_000,
    requestTimeout: options.requestTimeoutMs ?? 15_000,
    // Node checks the two timeouts on this interval; the default (30 s) would let slow clients linger.
    connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs ?? 1000),
    keepAliveTimeout: 30_000,
    handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      // The label is one of ours, never the client's URL: label values must stay few.
      metrics.error((req.url ?? '').startsWith('/mutate') ? 'mutate' : 'validate', 'internal');
      sendError(res, new HttpError(500, `internal error: ${oneLine(error)}`, 'internal'));
    });
  });

  // Malformed HTTP and timed-out requests end here; answer them with a reason before closing.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (timedOut) metrics.error('', 'timeout');
    const [status, statusText, reason] = timedOut
      ? [408, 'Request Timeout', 'request timed out: headers or body not received in time']
      : [400, 'Bad Request', `malformed HTTP request: ${error.code ?? oneLine(error)}`];
    const body = reason + '\n';
    // Headers already parsed: the request handler owns a response object; answer through it.
    const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (pending && !pending.headersSent && socket.writable) {
      pending.shouldKeepAlive = false;
      pending.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
      pending.end(body, () => socket.destroy());
    } else if (!pending && socket.writable) {
      socket.end(`HTTP/1.1 ${status} ${statusText}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    } else socket.destroy();
  });
  server.on('tlsClientError', () => {
    // A failed handshake (wrong client certificate, plain HTTP) is the client's problem; nothing to answer.
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/healthz') return route(req, res, 'GET', () => send(res, 200, 'text/plain; charset=utf-8', 'ok\n'));
    if (path === '/readyz') {
      return route(req, res, 'GET', () => (controller ? send(res, 200, 'text/plain; charset=utf-8', 'ready\n') : sendError(res, new HttpError(503, `not ready: ${notReady}`, 'not_ready'))));
    }
    if (path === '/metrics') return route(req, res, 'GET', () => scrape(res));
    if (path === '/validate' || path === '/mutate') {
      const endpoint = path.slice(1) as Endpoint;
      return route(req, res, 'POST', () => admit(endpoint, req, res));
    }
    const forced = /^\/validate\/([a-z]+)$/.exec(path)?.[1];
    if (forced !== undefined && (MODES as readonly string[]).includes(forced)) return route(req, res, 'POST', () => admit('validate', req, res, forced as Mode));
    sendError(res, new HttpError(404, `no such endpoint: ${path} (expected /validate, /validate/{${MODES.join('|')}}, /mutate, /healthz, /readyz, /metrics)`, 'bad_request'));
  }

  async function route(req: IncomingMessage, res: ServerResponse, method: string, answer: () => void | Promise<void>): Promise<void> {
    if (req.method !== method) {
      res.setHeader('Allow', method);
      req.resume();
      return sendError(res, new HttpError(405, `method ${req.method} not allowed on ${req.url}: use ${method}`, 'bad_request'));
    }
    await answer();
  }

  async function scrape(res: ServerResponse): Promise<void> {
    let text: string;
    try {
      text = await (options.metricsText ?? (() => metrics.text()))();
    } catch (error) {
      return sendError(res, new HttpError(503, oneLine(error), 'internal'));
    }
    send(res, 200, metrics.contentType, text);
  }

  async function admit(endpoint: Endpoint, req: IncomingMessage, res: ServerResponse, mode?: Mode): Promise<void> {
    let review: AdmissionReview;
    try {
      if (!controller) throw new HttpError(503, `not ready: ${notReady}`, 'not_ready');
      const type = req.headers['content-type'];
      if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) throw new HttpError(415, `content type must be application/json, got ${type}`, 'bad_request');
      const body = await readBody(req);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch (error) {
        throw new HttpError(400, `body is not valid JSON: ${oneLine(error)}`, 'bad_request');
      }
      try {
        review = parseReview(parsed);
      } catch (error) {
        if (error instanceof ReviewError) throw new HttpError(400, `not a valid AdmissionReview: ${error.message}`, 'bad_request');
        throw error;
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      metrics.error(endpoint, error.type);
      if (error.status === 413) res.setHeader('Connection', 'close');
      return sendError(res, error);
    }
    const start = process.hrtime.bigint();
    metrics.started();
    const request = review.request;
    let outcome;
    try {
      outcome = await controller!.review(endpoint, review, mode);
    } catch (error) {
      metrics.aborted();
      throw error;
    }
    if (outcome.errors.length > 0) metrics.error(endpoint, 'evaluation', outcome.errors.length);
    if (outcome.audited.length > 0) metrics.audit(outcome.audited);
    send(res, 200, 'application/json', JSON.stringify(reviewResponse(review.apiVersion, outcome.response)));
    metrics.finished(endpoint, request.kind.kind, request.operation, outcome.decision, Number(process.hrtime.bigint() - start) / 1e9);
  }

  function readBody(req: IncomingMessage): Promise<string> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      req.resume();
      return Promise.reject(new HttpError(413, `body of ${declared} bytes exceeds the ${MAX_BODY_BYTES}-byte limit`, 'too_large'));
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (chunk: Buffer) => {
        if (over) return;
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          over = true;
          chunks.length = 0;
          reject(new HttpError(413, `body exceeds the ${MAX_BODY_BYTES}-byte limit`, 'too_large'));
          return;
        }
        chunks.push(chunk);
      });
      let ended = false;
      req.on('end', () => {
        ended = true;
        // A review usually arrives in one chunk: decoding it where it lies spares copying it
        // into a buffer of its own first (3 of a 6 KB body's 4 us).
        resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
      });
      req.on('error', (error) => reject(new HttpError(400, `request aborted: ${oneLine(error)}`, 'bad_request')));
      req.on('close', () => {
        if (!ended) reject(new HttpError(400, 'request aborted before its body was complete', 'bad_request'));
      });
    });
  }

  const reloads: WebhookServer['reloads'] = { count: 0 };
  const stopReloading = reloadTlsOnChange(
    server,
    options.tls,
    (error) => {
      if (error) {
        reloads.lastError = oneLine(error);
        log(JSON.stringify({ level: 'warn', msg: `TLS certificate not reloaded: ${reloads.lastError}` }));
        return;
      }
      reloads.count++;
      delete reloads.lastError;
      log(JSON.stringify({ level: 'info', msg: 'TLS certificate reloaded' }));
    },
    options.certPollMs,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A backlog above Node's 511 so that a burst of connections (API server replicas, load tests) is queued, not reset.
    server.listen(options.port, options.host ?? '0.0.0.0', 4096, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log(JSON.stringify({ level: 'error', msg: `server error: ${oneLine(error)}` })));

  return {
    server,
    port: (server.address() as AddressInfo).port,
    metrics,
    reloads,
    setController: (next) => {
      controller = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        stopReloading();
        // Sockets dropped mid-handshake can leave the connection count above zero, so 'close'
        // may never come: stop waiting after a grace period.
        const grace = setTimeout(resolve, 1000);
        server.close(() => {
          clearTimeout(grace);
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, error: HttpError): void {
  send(res, error.status, 'text/plain; charset=utf-8', error.message.split('\n')[0]! + '\n');
}
