import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
export function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=stockade test CA'], dir);
  run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run('openssl', ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext'], dir);
  return { ca: join(dir, 'ca.crt'), cert: join(dir, 'server.crt'), key: join(dir, 'server.key') };
}

/** Debian's docker-registry (the CNCF distribution registry) on loopback, TLS with a private CA, basic auth. */
export interface TestRegistry {
  host: string;
  caFile: string;
  /** A directory holding only `ca.crt`, the form skopeo's --cert-dir wants. */
  certDir: string;
  username: string;
  password: string;
  /** A directory with a Docker `config.json` holding the login, as `docker login` writes it. */
  dockerConfigDir: string;
  stop(): Promise<void>;
}

export async function startRegistry(): Promise<TestRegistry> {
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
      '  htpasswd:',
      '    realm: stockade-test',
      `    path: ${join(dir, 'htpasswd')}`,
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
  return { host, caFile: certs.ca, certDir, username, password, dockerConfigDir, stop };
}

/** Pushes the test image with skopeo (blobs copied as they are, so digests match the layout). Returns the reference. */
export function pushImage(registry: TestRegistry, image: TestImage, repository: string): string {
  const reference = `${registry.host}/${repository}:${image.tag}`;
  execFileSync(
    'skopeo',
    ['copy', '--quiet', '--dest-authfile', join(registry.dockerConfigDir, 'config.json'), '--dest-cert-dir', registry.certDir, `oci:${image.oci}:${image.tag}`, `docker://${reference}`],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 },
  );
  return reference;
}
