import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fakeRegistry, type FakeOptions, type FakeRegistry, listen, manifestsOf, OCI_MANIFEST } from '../../../test/image/fake-registry.js';
import { makeCertificates } from '../../../test/image/test-image.js';
import { ALPINE_OS_RELEASE, buildTestImage, DEBIAN_OS_RELEASE, dpkgStanza, indexOf, type TestImageBlobs } from '../../../test/image/fixtures.js';
import { ALL_ANALYZERS } from '../analyzers/index.js';
import { inventoryOf } from '../scan.js';
import { readRegistryImage } from './client.js';
import { credentialsFromDockerConfig } from './credentials.js';
import { parseChallenge } from './http.js';
import { parseReference } from './reference.js';

describe('registry client against an in-process registry', () => {
  let debian: TestImageBlobs;
  let alpineArm: TestImageBlobs;
  const servers: FakeRegistry[] = [];
  const serve = async (options: FakeOptions) => {
    const server = await fakeRegistry(options);
    servers.push(server);
    return server;
  };

  before(async () => {
    debian = await buildTestImage({
      layers: [[{ name: 'etc/os-release', content: DEBIAN_OS_RELEASE }, { name: 'var/lib/dpkg/status', content: dpkgStanza('libssl3', '3.0.11-1~deb12u2', 'Source: openssl\n') }]],
      labels: { 'org.opencontainers.image.source': 'https://example.com/app' },
    });
    alpineArm = await buildTestImage({ layers: [[{ name: 'etc/os-release', content: ALPINE_OS_RELEASE }, { name: 'lib/apk/db/installed', content: 'P:musl\nV:1.2.5-r0\no:musl\n\n' }]], architecture: 'arm64' });
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  it('follows the bearer challenge: anonymous token for the scope the registry names', async () => {
    const server = await serve({ auth: 'bearer', manifests: manifestsOf(debian), blobs: debian.blobs });
    const inventory = inventoryOf(await readRegistryImage(`${server.host}/team/app:1.0`, ALL_ANALYZERS, { insecure: true }));
    assert.deepEqual(inventory.packages.map((p) => [p.name, p.sourceName, p.ecosystem]), [['libssl3', 'openssl', 'Debian:12']]);
    assert.equal(inventory.manifestDigest, debian.manifestDigest);
    assert.equal(inventory.provenance.source, 'https://example.com/app');
    assert.deepEqual(server.tokenRequests, ['fake-registry repository:team/app:pull']);
  });

  it('sends credentials from the Docker config to the token service', async () => {
    const login = { username: 'ci', password: 's3cret' };
    const server = await serve({ auth: 'bearer', login, manifests: manifestsOf(debian), blobs: debian.blobs });
    await assert.rejects(readRegistryImage(`${server.host}/team/app:1.0`, ALL_ANALYZERS, { insecure: true, dockerConfigDir: '/nonexistent' }), /token request refused \(HTTP 401\)/);
    const config = JSON.stringify({ auths: { [server.host]: { auth: Buffer.from('ci:s3cret').toString('base64') } } });
    const answer = credentialsFromDockerConfig(config, server.host, 'config.json');
    const inventory = inventoryOf(await readRegistryImage(`${server.host}/team/app:1.0`, ALL_ANALYZERS, { insecure: true, ...(answer.credentials ? { credentials: answer.credentials } : {}) }));
    assert.equal(inventory.packages.length, 1);
  });

  it('answers a basic challenge, and never sends credentials over plain HTTP without --insecure-registry', async () => {
    const login = { username: 'u', password: 'p' };
    const server = await serve({ auth: 'basic', login, manifests: manifestsOf(debian), blobs: debian.blobs });
    const inventory = inventoryOf(await readRegistryImage(`${server.host}/team/app:1.0`, ALL_ANALYZERS, { insecure: true, credentials: login }));
    assert.equal(inventory.packages.length, 1);
    // Without the flag the client speaks HTTPS only, which this plain server cannot answer.
    await assert.rejects(readRegistryImage(`${server.host}/team/app:1.0`, ALL_ANALYZERS, { credentials: login, timeoutMs: 5000 }), /TLS handshake failed|EPROTO|plain-HTTP/);
  });

  it('resolves an image index to the requested platform, linux/amd64 by default', async () => {
    const { index, digest } = indexOf([
      { image: debian, architecture: 'amd64' },
      { image: alpineArm, architecture: 'arm64' },
    ]);
    const manifests = new Map([...manifestsOf(debian, 'x'), ...manifestsOf(alpineArm, 'y')]);
    manifests.set('multi', { body: index, type: 'application/vnd.oci.image.index.v1+json', digest });
    const server = await serve({ auth: 'none', manifests, blobs: new Map([...debian.blobs, ...alpineArm.blobs]) });
    const amd = inventoryOf(await readRegistryImage(`${server.host}/team/app:multi`, ALL_ANALYZERS, { insecure: true }));
    assert.equal(amd.os?.id, 'debian');
    assert.equal(amd.platform, 'linux/amd64');
    const arm = inventoryOf(await readRegistryImage(`${server.host}/team/app:multi`, ALL_ANALYZERS, { insecure: true, platform: { os: 'linux', architecture: 'arm64' } }));
    assert.deepEqual(arm.packages.map((p) => `${p.ecosystem} ${p.name}`), ['Alpine:v3.20 musl']);
    await assert.rejects(
      readRegistryImage(`${server.host}/team/app:multi`, ALL_ANALYZERS, { insecure: true, platform: { os: 'linux', architecture: 's390x' } }),
      /no image for platform linux\/s390x \(offered: linux\/amd64, linux\/arm64\)/,
    );
  });

  it('reads Docker v2 schema 2 manifests', async () => {
    const docker = await buildTestImage({ layers: [[{ name: 'etc/os-release', content: DEBIAN_OS_RELEASE }]], docker: true });
    const server = await serve({ auth: 'none', manifests: manifestsOf(docker), blobs: docker.blobs });
    const inventory = inventoryOf(await readRegistryImage(`${server.host}/team/app:1.0`, ALL_ANALYZERS, { insecure: true }));
    assert.equal(inventory.layers[0].mediaType, 'application/vnd.docker.image.rootfs.diff.tar.gzip');
  });

  it('verifies every digest: a tampered layer, config or manifest is refused', async () => {
    const tamperedLayer = new Map(debian.blobs);
    const layer = Buffer.from(debian.blobs.get(debian.layerDigests[0])!);
    tamperedLayer.set(debian.layerDigests[0], Buffer.concat([layer, Buffer.alloc(1)]));
    const a = await serve({ auth: 'none', manifests: manifestsOf(debian), blobs: tamperedLayer });
    await assert.rejects(readRegistryImage(`${a.host}/team/app:1.0`, ALL_ANALYZERS, { insecure: true }), /digest mismatch/);

    const tamperedConfig = new Map(debian.blobs);
    tamperedConfig.set(debian.configDigest, Buffer.from(debian.config.toString().replace('amd64', 'arm64')));
    const b = await serve({ auth: 'none', manifests: manifestsOf(debian), blobs: tamperedConfig });
    await assert.rejects(readRegistryImage(`${b.host}/team/app:1.0`, ALL_ANALYZERS, { insecure: true }), /image config: digest mismatch/);

    const c = await serve({ auth: 'none', manifests: manifestsOf(debian), blobs: debian.blobs, lieAboutDigest: `sha256:${'0'.repeat(64)}` });
    await assert.rejects(readRegistryImage(`${c.host}/team/app:1.0`, ALL_ANALYZERS, { insecure: true }), /manifest 1\.0: digest mismatch/);
    const byDigest = new Map([[debian.manifestDigest.replace(/.$/, '0'), { body: debian.manifest, type: OCI_MANIFEST, digest: debian.manifestDigest }]]);
    const d = await serve({ auth: 'none', manifests: byDigest, blobs: debian.blobs });
    await assert.rejects(readRegistryImage(`${d.host}/team/app@${debian.manifestDigest.replace(/.$/, '0')}`, ALL_ANALYZERS, { insecure: true }), /digest mismatch/);
  });

  it('follows blob redirects to storage without handing it the registry token', async () => {
    const server = await serve({ auth: 'bearer', manifests: manifestsOf(debian), blobs: debian.blobs, redirectBlobs: true });
    const inventory = inventoryOf(await readRegistryImage(`${server.host}/team/app:1.0`, ALL_ANALYZERS, { insecure: true }));
    assert.equal(inventory.packages.length, 1);
    assert.ok(server.storeSaw.length >= 2);
    assert.deepEqual(new Set(server.storeSaw), new Set([undefined]));
  });

  it('says what is missing in one line', async () => {
    const server = await serve({ auth: 'none', manifests: manifestsOf(debian), blobs: debian.blobs });
    await assert.rejects(readRegistryImage(`${server.host}/team/app:nope`, ALL_ANALYZERS, { insecure: true }), /manifest nope: HTTP 404: MANIFEST_UNKNOWN manifest unknown/);
    await assert.rejects(readRegistryImage('127.0.0.1:1/team/app:1', ALL_ANALYZERS, { insecure: true }), /127\.0\.0\.1:1: ECONNREFUSED/);
  });
});

describe('image references', () => {
  it("applies Docker's defaults", () => {
    assert.deepEqual(parseReference('alpine'), { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest' });
    assert.deepEqual(parseReference('ghcr.io/org/app:v1.2'), { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app', tag: 'v1.2' });
    assert.deepEqual(parseReference('localhost:5000/a/b@sha256:' + 'a'.repeat(64)), { registry: 'localhost:5000', apiHost: 'localhost:5000', repository: 'a/b', digest: 'sha256:' + 'a'.repeat(64) });
    assert.equal(parseReference('user/app:1').repository, 'user/app');
  });

  it('refuses malformed references', () => {
    for (const bad of ['Upper', 'reg.io/Org/app', 'a/b:bad tag', 'a@sha256:xyz', 'a/../b', '', 'a//b', 'user@evil.example:1/x', 'a..b.io/x']) assert.throws(() => parseReference(bad), /image reference/);
  });

  it('parses challenges with commas inside quotes', () => {
    assert.deepEqual(parseChallenge('Bearer realm="https://auth.example/token",service="reg",scope="repository:a/b:pull,push"'), {
      scheme: 'bearer',
      params: { realm: 'https://auth.example/token', service: 'reg', scope: 'repository:a/b:pull,push' },
    });
  });

  it('reads Docker config logins by every key docker login uses, and names credential helpers', () => {
    const auth = Buffer.from('me:pw').toString('base64');
    assert.deepEqual(credentialsFromDockerConfig(JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth } } }), 'docker.io', 'c').credentials, { username: 'me', password: 'pw' });
    assert.deepEqual(credentialsFromDockerConfig(JSON.stringify({ auths: { 'https://r.example': { username: 'a', password: 'b' } } }), 'r.example', 'c').credentials, { username: 'a', password: 'b' });
    assert.equal(credentialsFromDockerConfig(JSON.stringify({ credsStore: 'desktop' }), 'r.example', 'c').helper, 'docker-credential-desktop');
    assert.throws(() => credentialsFromDockerConfig('{', 'r', 'cfg.json'), /cfg\.json: not valid JSON/);
  });
});

describe('registry client against hostile or broken registries', () => {
  const servers: Server[] = [];
  after(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });
  const serve = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const server = createServer(handler);
    servers.push(server);
    return listen(server);
  };

  it('refuses an endless manifest, a manifest that is not JSON, and a schema 1 manifest', async () => {
    const huge = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': OCI_MANIFEST });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    await assert.rejects(readRegistryImage(`${huge}/team/app:1`, ALL_ANALYZERS, { insecure: true }), /larger than 8388608 bytes/);
    const garbage = await serve((_req, res) => res.writeHead(200, { 'content-type': OCI_MANIFEST }).end('<html>oops</html>'));
    await assert.rejects(readRegistryImage(`${garbage}/team/app:1`, ALL_ANALYZERS, { insecure: true }), /not valid JSON/);
    const schema1 = await serve((_req, res) => res.writeHead(200).end(JSON.stringify({ schemaVersion: 1, name: 'team/app', fsLayers: [] })));
    await assert.rejects(readRegistryImage(`${schema1}/team/app:1`, ALL_ANALYZERS, { insecure: true }), /schema 1 manifests are not supported/);
  });

  it('retries a registry that sheds load, then reports the status if it never recovers', async () => {
    const image = await buildTestImage({ layers: [[{ name: 'etc/os-release', content: DEBIAN_OS_RELEASE }]] });
    let refusals = 0;
    const flaky = await serve((req, res) => {
      if (refusals < 3) {
        refusals++;
        return void res.writeHead(refusals === 1 ? 429 : 503, { 'retry-after': '0' }).end();
      }
      const url = req.url ?? '';
      if (url.includes('/manifests/')) return void res.writeHead(200, { 'content-type': OCI_MANIFEST }).end(image.manifest);
      const blob = image.blobs.get(url.slice(url.lastIndexOf('/') + 1));
      return void (blob ? res.writeHead(200).end(blob) : res.writeHead(404).end());
    });
    assert.equal(inventoryOf(await readRegistryImage(`${flaky}/team/app:1`, ALL_ANALYZERS, { insecure: true })).os?.id, 'debian');
    assert.equal(refusals, 3);
    const down = await serve((_req, res) => res.writeHead(503, { 'retry-after': '0' }).end());
    await assert.rejects(readRegistryImage(`${down}/team/app:1`, ALL_ANALYZERS, { insecure: true }), /manifest 1: HTTP 503/);
  });

  it('gives up on a registry that accepts and never answers', async () => {
    const silent = await serve(() => undefined);
    await assert.rejects(readRegistryImage(`${silent}/team/app:1`, ALL_ANALYZERS, { insecure: true, timeoutMs: 300 }), /no answer within 0\.3 s/);
  });

  it('refuses a token answer without a token', async () => {
    let host = '';
    const noToken = await serve((req, res) => {
      if (req.url?.startsWith('/token')) return void res.writeHead(200).end('{"expires_in":60}');
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="x"` }).end();
    });
    host = noToken;
    await assert.rejects(readRegistryImage(`${noToken}/team/app:1`, ALL_ANALYZERS, { insecure: true }), /token response has no token/);
  });

  it('never lets an HTTPS registry send the client to a plain-HTTP token service', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockade-tls-'));
    try {
      const certs = makeCertificates(dir);
      const tls = createHttpsServer({ cert: readFileSync(certs.cert), key: readFileSync(certs.key) }, (_req, res) => {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="http://127.0.0.1:9/token",service="x"' }).end();
      });
      servers.push(tls as unknown as Server);
      const host = await listen(tls as unknown as Server);
      await assert.rejects(readRegistryImage(`${host}/team/app:1`, ALL_ANALYZERS, { caCert: readFileSync(certs.ca) }), /token service http:\/\/127\.0\.0\.1:9 is not HTTPS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('survives random bytes as manifests without crashing', async () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let body = Buffer.alloc(0);
    const fuzz = await serve((_req, res) => res.writeHead(200, { 'content-type': OCI_MANIFEST }).end(body));
    const shapes = [
      '{"schemaVersion":2,"config":{"digest":"sha256:x"},"layers":[]}',
      '{"manifests":[{"digest":"sha256:' + '0'.repeat(64) + '","platform":{"os":"linux","architecture":"amd64"}}]}',
      '{"config":null,"layers":{}}',
      '[]',
      'null',
    ];
    for (let i = 0; i < 40; i++) {
      const base = Buffer.from(shapes[i % shapes.length]);
      body = i < shapes.length ? base : Buffer.from(base.map((b) => (random() < 0.05 ? Math.floor(random() * 256) : b)));
      await assert.rejects(readRegistryImage(`${fuzz}/team/app:1`, ALL_ANALYZERS, { insecure: true, timeoutMs: 2000 }), (e: Error) => /^(ImageFormatError|RegistryError)$/.test(e.name));
    }
  });
});
