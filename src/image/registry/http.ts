import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpOptions {
  /** Extra CA certificates (PEM) to trust, besides the system's. */
  ca?: Buffer;
  /** Idle time after which a request is abandoned. */
  timeoutMs: number;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

const MAX_REDIRECTS = 5;

function describeNetworkError(url: URL, error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code) || /certificate/i.test(error.message)) {
    return `${url.host}: TLS certificate not trusted (${code || error.message}); pass --ca-cert FILE for a private CA`;
  }
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(error.message)) {
    return `${url.host}: TLS handshake failed (${error.message.split('\n')[0]}); is it a plain-HTTP registry? then use --insecure-registry`;
  }
  return `${url.host}: ${code ? `${code} ` : ''}${error.message.split('\n')[0]}`;
}

function sendOnce(url: URL, headers: Record<string, string>, options: HttpOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers, ...(url.protocol === 'https:' && options.ca ? { ca: options.ca } : {}) }, (res) => {
      res.setTimeout(options.timeoutMs, () => res.destroy(new RegistryError(`${url.host}: no data for ${options.timeoutMs / 1000} s`)));
      resolve(res);
    });
    req.setTimeout(options.timeoutMs, () => req.destroy(new RegistryError(`${url.host}: no answer within ${options.timeoutMs / 1000} s`)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(error instanceof RegistryError ? error : new RegistryError(describeNetworkError(url, error))));
    req.end();
  });
}

/**
 * GET with redirects. Credentials never follow a redirect to another origin: blob storage
 * behind a registry gets a pre-signed URL, not the user's token.
 */
export async function get(url: URL, headers: Record<string, string>, options: HttpOptions): Promise<IncomingMessage> {
  let current = url;
  let sending = headers;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const res = await sendOnce(current, sending, options);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      const next = new URL(res.headers.location, current);
      if (next.protocol !== 'https:' && current.protocol === 'https:') throw new RegistryError(`${current.host}: refuses to follow a redirect from HTTPS to ${next.protocol}`);
      if (next.origin !== current.origin) {
        const { Authorization: _dropped, ...rest } = sending;
        sending = rest;
      }
      current = next;
      continue;
    }
    return res;
  }
  throw new RegistryError(`${url.host}: more than ${MAX_REDIRECTS} redirects`);
}

/** Reads a whole (small) response body, refusing more than `limit` bytes. */
export async function readBody(res: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      res.destroy();
      throw new RegistryError(`${what}: response larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Parses `Bearer realm="...",service="...",scope="..."` (RFC 7235 auth-params; commas may sit inside quotes). */
export function parseChallenge(text: string): { scheme: string; params: Record<string, string> } {
  const match = /^\s*(\S+)\s*(.*)$/.exec(text);
  const scheme = (match?.[1] ?? '').toLowerCase();
  const params: Record<string, string> = {};
  const pattern = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const m of (match?.[2] ?? '').matchAll(pattern)) params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  return { scheme, params };
}
