import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestImageBlobs } from './fixtures.js';

/**
 * A registry in the test process speaking enough of the OCI Distribution API for the client:
 * manifests and blobs of repository `team/app`, optional bearer or basic auth, and knobs to
 * misbehave (redirect blobs to another origin, announce a wrong digest).
 */
export interface FakeRegistry {
  host: string;
  /** Authorization headers the blob store (another origin) received. */
  storeSaw: (string | undefined)[];
  tokenRequests: string[];
  /** Every registry request path, in order. */
  requests: string[];
  close(): Promise<void>;
}

export interface FakeOptions {
  auth: 'none' | 'bearer' | 'basic';
  /** Credentials the token service (bearer) or registry (basic) demands; anonymous tokens when absent. */
  login?: { username: string; password: string };
  manifests: Map<string, { body: Buffer; type: string; digest: string }>;
  blobs: Map<string, Buffer>;
  /** Serve blobs through a redirect to a second origin. */
  redirectBlobs?: boolean;
  /** Announce this digest for tags instead of the real one. */
  lieAboutDigest?: string;
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function fakeRegistry(options: FakeOptions): Promise<FakeRegistry> {
  const storeSaw: (string | undefined)[] = [];
  const tokenRequests: string[] = [];
  const requests: string[] = [];
  const store = createServer((req, res) => {
    storeSaw.push(req.headers.authorization);
    const blob = options.blobs.get(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    if (!blob) return void res.writeHead(404).end();
    res.writeHead(200).end(blob);
  });
  const storeHost = await listen(store);
  const expectedBasic = options.login ? `Basic ${Buffer.from(`${options.login.username}:${options.login.password}`).toString('base64')}` : undefined;
  let host = '';
  const registry = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    requests.push(url.pathname);
    if (url.pathname === '/token') {
      tokenRequests.push(`${url.searchParams.get('service')} ${url.searchParams.get('scope')}`);
      if (options.login && req.headers.authorization !== expectedBasic) return void res.writeHead(401).end();
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'tok-123' }));
    }
    const authorized =
      options.auth === 'none' ||
      (options.auth === 'bearer' && req.headers.authorization === 'Bearer tok-123') ||
      (options.auth === 'basic' && req.headers.authorization === expectedBasic);
    if (!authorized) {
      const challenge =
        options.auth === 'bearer' ? `Bearer realm="http://${host}/token",service="fake-registry",scope="repository:team/app:pull"` : 'Basic realm="fake"';
      return void res.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    }
    const manifest = /^\/v2\/team\/app\/manifests\/(.+)$/.exec(url.pathname);
    if (manifest) {
      const found = options.manifests.get(manifest[1]);
      if (!found) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
      return void res.writeHead(200, { 'content-type': found.type, 'docker-content-digest': options.lieAboutDigest ?? found.digest }).end(found.body);
    }
    const blob = /^\/v2\/team\/app\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
    if (blob && options.blobs.has(blob[1])) {
      if (options.redirectBlobs) return void res.writeHead(307, { location: `http://${storeHost}/${blob[1]}` }).end();
      return void res.writeHead(200).end(options.blobs.get(blob[1]));
    }
    res.writeHead(404).end();
  });
  host = await listen(registry);
  return {
    host,
    storeSaw,
    tokenRequests,
    requests,
    close: async () => {
      await new Promise((r) => registry.close(r));
      await new Promise((r) => store.close(r));
    },
  };
}

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export function manifestsOf(image: TestImageBlobs, tag = '1.0'): FakeOptions['manifests'] {
  const entry = { body: image.manifest, type: JSON.parse(image.manifest.toString()).mediaType as string, digest: image.manifestDigest };
  return new Map([
    [tag, entry],
    [image.manifestDigest, entry],
  ]);
}

