import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { ALL_CHECKS } from '../checks/index.js';
import { InputError, UsageError } from '../core/errors.js';
import { HistoryReader } from '../store/history.js';
import { DASHBOARD_HTML, DASHBOARD_SCRIPT, DASHBOARD_STYLE } from './assets.js';
import { checkCatalogue, exceptionsOf, findingRows, namespacePosture } from './views.js';

export interface DashboardOptions {
  dbPath: string;
  host: string;
  port: number;
  /** Bearer token every API request must carry; required beyond loopback. */
  token?: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Clock for exception expiry (days left). */
  now?: () => Date;
}

export interface RunningDashboard {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Every page and response: no framing, no inline or evaluated script, nothing sent to other origins. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const STATIC: Record<string, { type: string; body: string }> = {
  '/': { type: 'text/html; charset=utf-8', body: DASHBOARD_HTML },
  '/app.js': { type: 'text/javascript; charset=utf-8', body: DASHBOARD_SCRIPT },
  '/app.css': { type: 'text/css; charset=utf-8', body: DASHBOARD_STYLE },
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/**
 * Refuses what would expose the history: a non-loopback address without a token. The history
 * names every weakness of the scanned clusters, so only who holds the token may read it.
 */
export function checkExposure(host: string, token: string | undefined): void {
  if (!isLoopback(host) && !token) {
    throw new UsageError(
      `refusing to listen on ${host} without a token: anyone who can reach the port could read the scan history. Pass --token or --token-file, or listen on 127.0.0.1`,
    );
  }
  if (token !== undefined && token.length < 16) throw new UsageError('the dashboard token must be at least 16 characters');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares digests, equal in length whatever the input: the time taken says nothing about the token. */
export function tokenMatches(header: string | undefined, expected: Buffer): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  return timingSafeEqual(digest(presented), expected);
}

/** How often a snapshot checks whether the file changed. */
const SNAPSHOT_RECHECK_MS = 5_000;

/**
 * The history, read-only. A database in WAL mode cannot be opened read-only where its `-shm`
 * file cannot be created (a read-only volume in a pod): then the file is read into memory as a
 * snapshot, marked as a rollback-journal database, and read again when it changes.
 */
class HistorySource {
  private db: Database.Database;
  private snapshot?: { mtimeMs: number; checkedAt: number };

  constructor(private readonly path: string) {
    try {
      this.db = new Database(path, { readonly: true, fileMustExist: true });
      this.db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if (!existsSync(path)) throw new InputError(path, undefined, 'no history database here: record a scan first (stockade scan --record)');
      try {
        this.db = this.load();
      } catch {
        throw new InputError(path, undefined, `cannot open the history database: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private load(): Database.Database {
    const mtimeMs = statSync(this.path).mtimeMs;
    const bytes = readFileSync(this.path);
    // Bytes 18 and 19 are the write and read format versions: 2 is WAL, 1 the rollback journal.
    if (bytes.length > 19 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
    const db = new Database(bytes, { readonly: true });
    this.snapshot = { mtimeMs, checkedAt: Date.now() };
    return db;
  }

  current(): Database.Database {
    const snap = this.snapshot;
    if (snap && Date.now() - snap.checkedAt > SNAPSHOT_RECHECK_MS) {
      snap.checkedAt = Date.now();
      if (statSync(this.path, { throwIfNoEntry: false })?.mtimeMs !== snap.mtimeMs) {
        const next = this.load();
        this.db.close();
        this.db = next;
      }
    }
    return this.db;
  }

  close(): void {
    this.db.close();
  }
}

class Api {
  private reader!: HistoryReader;
  private hasHistory = false;
  private hasImages = false;
  private db?: Database.Database;

  constructor(
    private readonly source: HistorySource,
    private readonly now: () => Date,
  ) {}

  private refresh(): void {
    const db = this.source.current();
    if (db === this.db) return;
    this.db = db;
    this.reader = new HistoryReader(db);
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    this.hasHistory = tables.has('history_scans');
    this.hasImages = tables.has('image_matches') && tables.has('images');
  }

  /** The JSON for an API path, or undefined when there is no such resource. */
  handle(path: string): unknown {
    this.refresh();
    if (path === '/api/scans') return this.hasHistory ? this.reader.scans() : [];
    if (path === '/api/checks') return checkCatalogue(ALL_CHECKS);
    const match = /^\/api\/scans\/(\d{1,15})\/(findings|finding\/(\d{1,9})|namespaces|rbac|network|images|exceptions)$/.exec(path);
    if (!match || !this.hasHistory) return undefined;
    const id = Number(match[1]);
    const scan = this.reader.scan(id);
    if (!scan) return undefined;
    switch (match[2]!.split('/')[0]) {
      case 'findings':
        return findingRows(this.reader.findings(id));
      case 'finding': {
        const finding = this.reader.findings(id).find((f) => f.idx === Number(match[3]));
        if (!finding) return undefined;
        const source = finding.sourceId !== undefined ? this.reader.source(id, finding.sourceId) : undefined;
        return { finding, ...(source ? { source } : {}) };
      }
      case 'namespaces':
        return namespacePosture(scan, this.reader.namespaceCounts(id));
      case 'rbac':
        return this.reader.rbacGraph(id) ?? { nodes: [], edges: [], paths: [], morePaths: 0 };
      case 'network':
        return this.reader.networkGraph(id) ?? { nodes: [], edges: [], truncated: false };
      case 'images':
        return { vulnerabilityData: this.hasImages, images: this.reader.images(id, this.hasImages) };
      case 'exceptions':
        return exceptionsOf(this.reader.findings(id), this.now());
    }
    return undefined;
  }

  close(): void {
    this.source.close();
  }
}

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, head: boolean): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), head);
}

/** Starts the read-only dashboard; resolves once it listens. */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  checkExposure(options.host, options.token);
  const api = new Api(new HistorySource(options.dbPath), options.now ?? (() => new Date()));
  const expected = options.token !== undefined ? digest(options.token) : undefined;
  let allowedHosts: Set<string> | undefined;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const head = req.method === 'HEAD';
    try {
      if (req.method !== 'GET' && !head) {
        res.setHeader('Allow', 'GET, HEAD');
        return sendJson(res, 405, { error: 'the dashboard is read-only' }, head);
      }
      // On loopback, a page from another site could reach us through DNS rebinding; its Host header gives it away.
      if (allowedHosts && !allowedHosts.has((req.headers.host ?? '').toLowerCase())) return sendJson(res, 421, { error: 'unexpected Host header' }, head);
      const path = (req.url ?? '/').split('?')[0]!;
      const asset = STATIC[path];
      if (asset) return send(res, 200, asset.type, asset.body, head);
      if (!path.startsWith('/api/')) return sendJson(res, 404, { error: 'not found' }, head);
      if (expected && !tokenMatches(req.headers.authorization, expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return sendJson(res, 401, { error: 'a bearer token is required' }, head);
      }
      const value = api.handle(path);
      if (value === undefined) return sendJson(res, 404, { error: 'not found' }, head);
      return sendJson(res, 200, value, head);
    } catch (error) {
      process.stderr.write(`stockade dashboard: ${req.url}: ${error instanceof Error ? error.message : String(error)}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' }, head);
      else res.destroy();
    }
  };
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    api.close();
    throw new UsageError(`cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const port = (server.address() as AddressInfo).port;
  if (isLoopback(options.host)) allowedHosts = new Set(['127.0.0.1', 'localhost', '[::1]', options.host].map((h) => `${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}:${port}`));
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${hostPart}:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          api.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
