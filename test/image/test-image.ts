import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../corpus.js';

/**
 * The Debian image built by scripts/build-test-image.sh, found by the same key the script uses
 * (a hash of the script), so a changed script never reuses a stale image.
 */
export interface TestImage {
  dir: string;
  oci: string;
  tag: string;
  rootfs: string;
}

export const BUILD_COMMAND = 'sh scripts/build-test-image.sh';

export function testImageDir(): string {
  const script = readFileSync(join(repoRoot, 'scripts', 'build-test-image.sh'));
  const key = createHash('sha256').update(script).digest('hex').slice(0, 16);
  return join(repoRoot, '.cache', 'test-image', key);
}

/** The built image, or an error saying how to build it. */
export function testImage(): TestImage {
  const dir = testImageDir();
  if (!existsSync(join(dir, 'complete'))) {
    throw new Error(`the Debian test image is not built (${dir}); run \`${BUILD_COMMAND}\` first, or set STOCKADE_SKIP_IMAGE_E2E=1 to skip the image end-to-end tests`);
  }
  return { dir, oci: join(dir, 'oci'), tag: 'bookworm', rootfs: join(dir, 'rootfs') };
}

/** Set only to skip deliberately; a missing image is otherwise a failure. */
export const skipImageE2e = process.env.STOCKADE_SKIP_IMAGE_E2E === '1' ? 'STOCKADE_SKIP_IMAGE_E2E=1' : false;

/** `dpkg-query -W` on the image's root filesystem: `name version` lines, architecture qualifiers dropped. */
export function dpkgQueryOf(rootfs: string): string[] {
  const out = execFileSync('dpkg-query', [`--admindir=${join(rootfs, 'var/lib/dpkg')}`, '-W', '-f', '${Package} ${Version}\n'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l !== '').sort();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function run(cmd: string, args: string[], cwd?: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

/** A private CA and a server certificate for 127.0.0.1, made with openssl. */
export function makeCertificates(dir: string): { ca: string; cert: string; key: string; caKey: string } {
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=stockade test CA'], dir);
  run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run('openssl', ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext'], dir);
  return { ca: join(dir, 'ca.crt'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), caKey: join(dir, 'ca.key') };
}

/** Debian's docker-registry (the CNCF distribution registry) on loopback, TLS with a private CA, basic or token auth. */
export interface TestRegistry {
  host: string;
  caFile: string;
  /** A directory holding only `ca.crt`, the form skopeo's --cert-dir wants. */
  certDir: string;
  username: string;
  password: string;
  /** A directory with a Docker `config.json` holding the login, as `docker login` writes it. */
  dockerConfigDir: string;
  /** What the token service was asked (`login|anonymous <scopes>`); empty with basic auth. */
  tokenRequests: string[];
  stop(): Promise<void>;
}

/**
 * The token service the registry's `auth: token` sends clients to (the Docker token protocol): it
 * checks the login and signs an ES256 JWT granting the requested scope, with the test CA as signer
 * (x5c), which the registry trusts through `rootcertbundle`. Anonymous callers get no access.
 */
async function startTokenService(
  certs: { ca: string; cert: string; key: string; caKey: string },
  login: { username: string; password: string },
  service: string,
  issuer: string,
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const caKey = createPrivateKey(readFileSync(certs.caKey));
  const caDer = new X509Certificate(readFileSync(certs.ca)).raw.toString('base64');
  const expected = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
  const requests: string[] = [];
  const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
  const server = createHttpsServer({ cert: readFileSync(certs.cert), key: readFileSync(certs.key) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://token');
    const authenticated = req.headers.authorization === expected;
    requests.push(`${authenticated ? 'login' : 'anonymous'} ${url.searchParams.getAll('scope').join(' ')}`);
    if (req.headers.authorization && !authenticated) return void res.writeHead(401).end('{"details":"bad login"}');
    const access = authenticated
      ? url.searchParams.getAll('scope').flatMap((scope) => {
          const [type, name, actions] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1, scope.lastIndexOf(':')), scope.slice(scope.lastIndexOf(':') + 1)];
          return type === 'repository' ? [{ type, name, actions: actions.split(',') }] : [];
        })
      : [];
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [caDer] }));
    const claims = b64url(JSON.stringify({ iss: issuer, sub: authenticated ? login.username : '', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access }));
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key: caKey, dsaEncoding: 'ieee-p1363' });
    const token = `${header}.${claims}.${b64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `https://127.0.0.1:${port}/token`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** `basic`: htpasswd login; `token`: the registry delegates to a token service (bearer challenge flow). */
export async function startRegistry(auth: 'basic' | 'token' = 'basic'): Promise<TestRegistry> {
  for (const tool of ['docker-registry', 'skopeo', 'htpasswd', 'openssl']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is not installed (apt-get install -y docker-registry skopeo apache2-utils openssl)`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'stockade-registry-'));
  const certs = makeCertificates(dir);
  const certDir = join(dir, 'skopeo-certs');
  run('mkdir', [certDir]);
  run('cp', [certs.ca, join(certDir, 'ca.crt')]);
  const username = 'stockade';
  const password = createHash('sha256').update(dir).digest('hex').slice(0, 20);
  writeFileSync(join(dir, 'htpasswd'), run('htpasswd', ['-Bbn', username, password]));
  const dockerConfigDir = join(dir, 'docker');
  run('mkdir', [dockerConfigDir]);
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const tokenService = auth === 'token' ? await startTokenService(certs, { username, password }, 'stockade-test-registry', 'stockade-test-issuer') : undefined;
  const authConfig = tokenService
    ? ['  token:', `    realm: ${tokenService.url}`, '    service: stockade-test-registry', '    issuer: stockade-test-issuer', `    rootcertbundle: ${certs.ca}`]
    : ['  htpasswd:', '    realm: stockade-test', `    path: ${join(dir, 'htpasswd')}`];
  writeFileSync(join(dockerConfigDir, 'config.json'), JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } } }));
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '  tls:',
      `    certificate: ${certs.cert}`,
      `    key: ${certs.key}`,
      'auth:',
      ...authConfig,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await tokenService?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`docker-registry exited: ${stderr.trim().split('\n').pop()}`);
    }
    const ready = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('docker-registry did not start listening within 20 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host, caFile: certs.ca, certDir, username, password, dockerConfigDir, tokenRequests: tokenService?.requests ?? [], stop };
}

/**
 * Pushes the test image with skopeo (blobs copied as they are, so digests match the layout).
 * Asynchronous: the token service runs in this process and must answer skopeo meanwhile.
 */
export async function pushImage(registry: TestRegistry, image: TestImage, repository: string): Promise<string> {
  const reference = `${registry.host}/${repository}:${image.tag}`;
  const args = ['copy', '--quiet', '--dest-authfile', join(registry.dockerConfigDir, 'config.json'), '--dest-cert-dir', registry.certDir, `oci:${image.oci}:${image.tag}`, `docker://${reference}`];
  try {
    await promisify(execFile)('skopeo', args, { timeout: 120_000 });
  } catch (error) {
    throw new Error(`skopeo could not push the test image: ${String((error as { stderr?: string }).stderr ?? error).trim()}`);
  }
  return reference;
}
