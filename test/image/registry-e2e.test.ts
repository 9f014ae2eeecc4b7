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

describe('Debian image built with debootstrap + umoci, pushed with skopeo to docker-registry (TLS, basic auth)', { skip: skipImageE2e }, () => {
  let image: TestImage;
  let registry: TestRegistry | undefined;
  let reference: string;

  before(async () => {
    image = testImage();
    registry = await startRegistry();
    reference = await pushImage(registry, image, 'stockade/debian');
  });

  after(async () => {
    await registry?.stop();
  });

  it('scanned by reference, lists exactly the packages dpkg-query lists in its root filesystem', async () => {
    const inventory = inventoryOf(
      await readRegistryImage(reference, DEFAULT_ANALYZERS, { caCert: readFileSync(registry!.caFile), dockerConfigDir: registry!.dockerConfigDir }),
    );
    const expected = dpkgQueryOf(image.rootfs);
    assert.ok(expected.length > 50, `dpkg-query listed ${expected.length} packages`);
    assert.deepEqual(listed(inventory), expected);
    assert.equal(inventory.os?.id, 'debian');
    assert.ok(inventory.packages.every((p) => p.ecosystem === `Debian:${inventory.os?.versionId}`));
    const libc = inventory.packages.find((p) => p.name === 'libc6');
    assert.equal(libc?.sourceName, 'glibc');
  });

  it('reports the same manifest, layers and provenance as the OCI layout it was pushed from', async () => {
    const fromRegistry = inventoryOf(
      await readRegistryImage(reference, DEFAULT_ANALYZERS, { caCert: readFileSync(registry!.caFile), credentials: { username: registry!.username, password: registry!.password } }),
    );
    const fromLayout = inventoryOf(await readOciLayout(`${image.oci}:${image.tag}`, DEFAULT_ANALYZERS));
    const layoutIndex = JSON.parse(readFileSync(join(image.oci, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    assert.equal(fromRegistry.manifestDigest, layoutIndex.manifests[0].digest);
    assert.equal(fromLayout.manifestDigest, layoutIndex.manifests[0].digest);
    assert.deepEqual(fromRegistry.layers, fromLayout.layers);
    assert.equal(fromRegistry.layers.length, 2);
    assert.match(fromRegistry.layers[0].createdBy ?? '', /debootstrap/);
    assert.equal(fromRegistry.provenance.baseName, `debian:${image.tag}`);
    assert.ok(fromRegistry.packages.every((p) => p.layerDigest === fromRegistry.layers[0].digest), 'every package came with the debootstrap layer');
    assert.deepEqual(listed(fromLayout), listed(fromRegistry));
  });

  it('refuses without credentials, with wrong credentials, and without the private CA', async () => {
    const emptyConfig = join(image.dir, 'no-such-docker-config');
    await assert.rejects(readRegistryImage(reference, DEFAULT_ANALYZERS, { caCert: readFileSync(registry!.caFile), dockerConfigDir: emptyConfig }), /requires a login/);
    await assert.rejects(
      readRegistryImage(reference, DEFAULT_ANALYZERS, { caCert: readFileSync(registry!.caFile), credentials: { username: 'stockade', password: 'wrong' } }),
      /denied with the given credentials/,
    );
    await assert.rejects(readRegistryImage(reference, DEFAULT_ANALYZERS, { dockerConfigDir: registry!.dockerConfigDir }), /certificate not trusted.*--ca-cert/);
    await assert.rejects(
      readRegistryImage(`${registry!.host}/stockade/missing:1`, DEFAULT_ANALYZERS, { caCert: readFileSync(registry!.caFile), dockerConfigDir: registry!.dockerConfigDir }),
      /HTTP 404.*MANIFEST_UNKNOWN|HTTP 404.*NAME_UNKNOWN/,
    );
  });
});

describe('the same image behind docker-registry with token auth (bearer challenge, ES256 tokens from a token service)', { skip: skipImageE2e }, () => {
  let image: TestImage;
  let registry: TestRegistry | undefined;
  let reference: string;

  before(async () => {
    image = testImage();
    registry = await startRegistry('token');
    reference = await pushImage(registry, image, 'stockade/debian');
  });

  after(async () => {
    await registry?.stop();
  });

  it('pulls with a token obtained with the Docker config login, and lists what dpkg-query lists', async () => {
    const before = registry!.tokenRequests.length;
    const inventory = inventoryOf(
      await readRegistryImage(reference, DEFAULT_ANALYZERS, { caCert: readFileSync(registry!.caFile), dockerConfigDir: registry!.dockerConfigDir }),
    );
    assert.deepEqual(listed(inventory), dpkgQueryOf(image.rootfs));
    assert.deepEqual(registry!.tokenRequests.slice(before), ['login repository:stockade/debian:pull']);
  });

  it('is denied with an anonymous token, and with a wrong password at the token service', async () => {
    const caCert = readFileSync(registry!.caFile);
    await assert.rejects(readRegistryImage(reference, DEFAULT_ANALYZERS, { caCert, dockerConfigDir: join(image.dir, 'no-such-docker-config') }), /denied with the anonymous token/);
    await assert.rejects(
      readRegistryImage(reference, DEFAULT_ANALYZERS, { caCert, credentials: { username: registry!.username, password: 'wrong' } }),
      /token request refused \(HTTP 401\); check the credentials/,
    );
  });
});
