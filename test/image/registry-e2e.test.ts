import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readOciLayout } from '../../src/image/layout/oci-layout.js';
import { readRegistryImage } from '../../src/image/registry/client.js';
import { DEFAULT_ANALYZERS, inventoryOf, type ImageInventory } from '../../src/image/scan.js';
import { dpkgQueryOf, pushImage, skipImageE2e, startRegistry, testImage, type TestImage, type TestRegistry } from './test-image.js';

const listed = (inventory: ImageInventory) =>
  inventory.packages.filter((p) => p.foundIn === '/var/lib/dpkg/status').map((p) => `${p.name} ${p.version}`).sort();

/** Starts the registry, pushes the test image before the tests, stops the registry after them. */
function registryWithImage(auth: 'basic' | 'token'): { image: TestImage; registry: TestRegistry; reference: string } {
  const ctx = {} as { image: TestImage; registry: TestRegistry; reference: string };
  before(async () => {
    ctx.image = testImage();
    ctx.registry = await startRegistry(auth);
    ctx.reference = await pushImage(ctx.registry, ctx.image, 'stockade/debian');
  });
  after(async () => {
    await ctx.registry?.stop();
  });
  return ctx;
}

describe('Debian image built with debootstrap + umoci, pushed with skopeo to docker-registry (TLS, basic auth)', { skip: skipImageE2e }, () => {
  const ctx = registryWithImage('basic');

  it('scanned by reference, lists exactly the packages dpkg-query lists in its root filesystem', async () => {
    const inventory = inventoryOf(
      await readRegistryImage(ctx.reference, DEFAULT_ANALYZERS, { caCert: readFileSync(ctx.registry.caFile), dockerConfigDir: ctx.registry.dockerConfigDir }),
    );
    const expected = dpkgQueryOf(ctx.image.rootfs);
    assert.ok(expected.length > 50, `dpkg-query listed ${expected.length} packages`);
    assert.deepEqual(listed(inventory), expected);
    assert.equal(inventory.os?.id, 'debian');
    assert.ok(inventory.packages.every((p) => p.ecosystem === `Debian:${inventory.os?.versionId}`));
    const libc = inventory.packages.find((p) => p.name === 'libc6');
    assert.equal(libc?.sourceName, 'glibc');
  });

  it('reports the same manifest, layers and provenance as the OCI layout it was pushed from', async () => {
    const fromRegistry = inventoryOf(
      await readRegistryImage(ctx.reference, DEFAULT_ANALYZERS, { caCert: readFileSync(ctx.registry.caFile), credentials: { username: ctx.registry.username, password: ctx.registry.password } }),
    );
    const fromLayout = inventoryOf(await readOciLayout(`${ctx.image.oci}:${ctx.image.tag}`, DEFAULT_ANALYZERS));
    const layoutIndex = JSON.parse(readFileSync(join(ctx.image.oci, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    assert.equal(fromRegistry.manifestDigest, layoutIndex.manifests[0].digest);
    assert.equal(fromLayout.manifestDigest, layoutIndex.manifests[0].digest);
    assert.deepEqual(fromRegistry.layers, fromLayout.layers);
    assert.equal(fromRegistry.layers.length, 2);
    assert.match(fromRegistry.layers[0].createdBy ?? '', /debootstrap/);
    assert.equal(fromRegistry.provenance.baseName, `debian:${ctx.image.tag}`);
    assert.ok(fromRegistry.packages.every((p) => p.layerDigest === fromRegistry.layers[0].digest), 'every package came with the debootstrap layer');
    assert.deepEqual(listed(fromLayout), listed(fromRegistry));
  });

  it('refuses without credentials, with wrong credentials, and without the private CA', async () => {
    const emptyConfig = join(ctx.image.dir, 'no-such-docker-config');
    await assert.rejects(readRegistryImage(ctx.reference, DEFAULT_ANALYZERS, { caCert: readFileSync(ctx.registry.caFile), dockerConfigDir: emptyConfig }), /requires a login/);
    await assert.rejects(
      readRegistryImage(ctx.reference, DEFAULT_ANALYZERS, { caCert: readFileSync(ctx.registry.caFile), credentials: { username: 'stockade', password: 'wrong' } }),
      /denied with the given credentials/,
    );
    await assert.rejects(readRegistryImage(ctx.reference, DEFAULT_ANALYZERS, { dockerConfigDir: ctx.registry.dockerConfigDir }), /certificate not trusted.*--ca-cert/);
    await assert.rejects(
      readRegistryImage(`${ctx.registry.host}/stockade/missing:1`, DEFAULT_ANALYZERS, { caCert: readFileSync(ctx.registry.caFile), dockerConfigDir: ctx.registry.dockerConfigDir }),
      /HTTP 404.*MANIFEST_UNKNOWN|HTTP 404.*NAME_UNKNOWN/,
    );
  });
});

describe('the same image behind docker-registry with token auth (bearer challenge, ES256 tokens from a token service)', { skip: skipImageE2e }, () => {
  const ctx = registryWithImage('token');

  it('pulls with a token obtained with the Docker config login, and lists what dpkg-query lists', async () => {
    const before = ctx.registry.tokenRequests.length;
    const inventory = inventoryOf(
      await readRegistryImage(ctx.reference, DEFAULT_ANALYZERS, { caCert: readFileSync(ctx.registry.caFile), dockerConfigDir: ctx.registry.dockerConfigDir }),
    );
    assert.deepEqual(listed(inventory), dpkgQueryOf(ctx.image.rootfs));
    assert.deepEqual(ctx.registry.tokenRequests.slice(before), ['login repository:stockade/debian:pull']);
  });

  it('is denied with an anonymous token, and with a wrong password at the token service', async () => {
    const caCert = readFileSync(ctx.registry.caFile);
    await assert.rejects(readRegistryImage(ctx.reference, DEFAULT_ANALYZERS, { caCert, dockerConfigDir: join(ctx.image.dir, 'no-such-docker-config') }), /denied with the anonymous token/);
    await assert.rejects(
      readRegistryImage(ctx.reference, DEFAULT_ANALYZERS, { caCert, credentials: { username: ctx.registry.username, password: 'wrong' } }),
      /token request refused \(HTTP 401\); check the credentials/,
    );
  });
});
