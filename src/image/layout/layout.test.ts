import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildTestImage, DEBIAN_OS_RELEASE, dpkgStanza, indexOf, tarOf, type TestImageBlobs } from '../../../test/image/fixtures.js';
import { ALL_ANALYZERS } from '../analyzers/index.js';
import { inventoryOf } from '../scan.js';
import { readDockerArchive } from './docker-archive.js';
import { readOciLayout } from './oci-layout.js';
import { readRootfs } from './rootfs.js';

const work = mkdtempSync(join(tmpdir(), 'stockade-layout-'));
after(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string) => join(work, `${counter++}-${name}`);

const BASE = [
  { name: 'etc/os-release', content: DEBIAN_OS_RELEASE },
  { name: 'var/lib/dpkg/status', content: dpkgStanza('libc6', '2.36-9+deb12u4', 'Source: glibc\n') },
];
const UPPER = [{ name: 'var/lib/dpkg/status', content: dpkgStanza('libc6', '2.36-9+deb12u4', 'Source: glibc\n') + dpkgStanza('curl', '7.88.1-10') }];

function writeLayout(image: TestImageBlobs, tags: string[] = ['v1']): string {
  const dir = fresh('oci');
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  for (const [digest, bytes] of image.blobs) writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
  const manifests = tags.map((tag) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: image.manifestDigest, size: image.manifest.length, annotations: { 'org.opencontainers.image.ref.name': tag } }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
  return dir;
}

/** A `docker save` archive (pre-25 layout: <id>/layer.tar, <config hex>.json), layers stored before the manifest as docker does. */
async function writeDockerSave(image: TestImageBlobs, extra: Parameters<typeof tarOf>[0] = [], gzip = false): Promise<string> {
  const file = fresh('save.tar');
  const layerNames = image.layerTars.map((_, i) => `layer${i}/layer.tar`);
  const entries = [
    ...image.layerTars.map((tar, i) => ({ name: layerNames[i], content: tar })),
    { name: `${image.configDigest.slice(7)}.json`, content: image.config },
    ...extra,
    { name: 'manifest.json', content: JSON.stringify([{ Config: `${image.configDigest.slice(7)}.json`, RepoTags: ['team/app:v1'], Layers: layerNames }]) },
  ];
  const tar = await tarOf(entries);
  writeFileSync(file, gzip ? gzipSync(tar) : tar);
  return file;
}

describe('OCI image layout', () => {
  it('reads the tagged image with its layers in order', async () => {
    const image = await buildTestImage({ layers: [BASE, UPPER], labels: { 'org.opencontainers.image.base.name': 'debian:12' } });
    const dir = writeLayout(image, ['v1']);
    const inventory = inventoryOf(await readOciLayout(`${dir}:v1`, ALL_ANALYZERS));
    assert.deepEqual(inventory.packages.map((p) => [p.name, p.layerDigest]), [['libc6', image.layerDigests[0]], ['curl', image.layerDigests[1]]]);
    assert.equal(inventory.provenance.baseName, 'debian:12');
    assert.deepEqual(inventory.layers.map((l) => l.createdBy), ['step 1', 'step 2']);
    assert.equal((await readOciLayout(dir, ALL_ANALYZERS)).manifestDigest, image.manifestDigest, 'a single image needs no tag');
  });

  it('names the tags when the one asked for is absent, and refuses missing or altered blobs', async () => {
    const image = await buildTestImage({ layers: [BASE] });
    const dir = writeLayout(image, ['a', 'b']);
    await assert.rejects(readOciLayout(`${dir}:c`, ALL_ANALYZERS), /no image tagged "c" \(tags: a, b\)/);
    await assert.rejects(readOciLayout(dir, ALL_ANALYZERS), /several images.*tags: a, b/);
    const layerFile = join(dir, 'blobs', 'sha256', image.layerDigests[0].slice(7));
    writeFileSync(layerFile, gzipSync(await tarOf([{ name: 'etc/os-release', content: 'ID=evil\n' }])));
    await assert.rejects(readOciLayout(`${dir}:a`, ALL_ANALYZERS), /digest mismatch/);
    rmSync(layerFile);
    await assert.rejects(readOciLayout(`${dir}:a`, ALL_ANALYZERS), /layer blob .* is missing/);
    await assert.rejects(readOciLayout(fresh('none'), ALL_ANALYZERS), /not a directory/);
  });
});

describe('OCI image layout holding a multi-platform index', () => {
  it('resolves the nested index to the requested platform', async () => {
    const amd = await buildTestImage({ layers: [BASE] });
    const arm = await buildTestImage({ layers: [[{ name: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.20.0\n' }]], architecture: 'arm64' });
    const { index, digest } = indexOf([
      { image: amd, architecture: 'amd64' },
      { image: arm, architecture: 'arm64' },
    ]);
    const dir = writeLayout({ ...amd, blobs: new Map([...amd.blobs, ...arm.blobs, [digest, index]]), manifest: index, manifestDigest: digest }, ['multi']);
    assert.equal(inventoryOf(await readOciLayout(`${dir}:multi`, ALL_ANALYZERS)).os?.id, 'debian');
    const chosen = inventoryOf(await readOciLayout(`${dir}:multi`, ALL_ANALYZERS, { os: 'linux', architecture: 'arm64' }));
    assert.equal(chosen.os?.id, 'alpine');
    assert.equal(chosen.manifestDigest, arm.manifestDigest);
  });
});

describe('docker save archive', () => {
  it('reads layers stored before manifest.json, plain or gzip-compressed', async () => {
    const image = await buildTestImage({ layers: [BASE, UPPER] });
    for (const gzip of [false, true]) {
      const inventory = inventoryOf(await readDockerArchive(await writeDockerSave(image, [], gzip), ALL_ANALYZERS));
      assert.deepEqual(inventory.packages.map((p) => p.name), ['libc6', 'curl']);
      assert.equal(inventory.manifestDigest, image.configDigest);
      assert.equal(inventory.layers[1].digest, inventory.layers[1].diffId, 'a docker save layer is named by its diff ID');
      assert.equal(inventory.packages[1].layerDigest, inventory.layers[1].diffId);
    }
  });

  it('picks an image by tag from an archive of several', async () => {
    const one = await buildTestImage({ layers: [BASE] });
    const two = await buildTestImage({ layers: [[{ name: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' }]] });
    const file = fresh('multi.tar');
    const entries = [one, two].flatMap((image, n) => [
      ...image.layerTars.map((tar, i) => ({ name: `img${n}-layer${i}/layer.tar`, content: tar })),
      { name: `${image.configDigest.slice(7)}.json`, content: image.config },
    ]);
    const manifest = [one, two].map((image, n) => ({ Config: `${image.configDigest.slice(7)}.json`, RepoTags: [`team/app:v${n + 1}`], Layers: image.layerTars.map((_, i) => `img${n}-layer${i}/layer.tar`) }));
    writeFileSync(file, await tarOf([...entries, { name: 'manifest.json', content: JSON.stringify(manifest) }]));
    assert.equal(inventoryOf(await readDockerArchive(`${file}:v2`, ALL_ANALYZERS)).os?.id, 'alpine');
    assert.equal(inventoryOf(await readDockerArchive(`${file}:team/app:v1`, ALL_ANALYZERS)).os?.id, 'debian');
    await assert.rejects(readDockerArchive(file, ALL_ANALYZERS), /holds 2 images; name one/);
    await assert.rejects(readDockerArchive(`${file}:v3`, ALL_ANALYZERS), /no image tagged "v3" \(tags: team\/app:v1, team\/app:v2\)/);
  });

  it('ignores archive entries that climb out of the archive and refuses a layer that does not match the config', async () => {
    const image = await buildTestImage({ layers: [BASE] });
    const hostile = await writeDockerSave(image, [{ name: '../../manifest.json', content: '[]' }, { name: '../layer0/layer.tar', content: 'x' }]);
    assert.equal(inventoryOf(await readDockerArchive(hostile, ALL_ANALYZERS)).packages.length, 1);
    const other = await buildTestImage({ layers: [[{ name: 'etc/os-release', content: 'ID=evil\n' }]] });
    const swapped = { ...image, layerTars: other.layerTars };
    await assert.rejects(readDockerArchive(await writeDockerSave(swapped), ALL_ANALYZERS), /config says/);
  });

  it('says clearly what is wrong with a file that is not an image archive', async () => {
    const notTar = fresh('x.tar');
    writeFileSync(notTar, 'hello world, not a tar'.repeat(100));
    await assert.rejects(readDockerArchive(notTar, ALL_ANALYZERS), /not a readable image archive/);
    const emptyTar = fresh('e.tar');
    writeFileSync(emptyTar, await tarOf([{ name: 'readme', content: 'hi' }]));
    await assert.rejects(readDockerArchive(emptyTar, ALL_ANALYZERS), /not an image archive/);
    await assert.rejects(readDockerArchive(fresh('missing.tar'), ALL_ANALYZERS), /no such archive file/);
  });
});

describe('root filesystem directory', () => {
  it('reads packages and never follows a link onto the host', async () => {
    const root = fresh('rootfs');
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(root, 'var/lib/dpkg'), { recursive: true });
    writeFileSync(join(root, 'var/lib/dpkg/status'), dpkgStanza('bash', '5.2.15-2+b2'));
    // Absolute target: the host has /usr/lib/os-release (or not); the tree does not, so no OS.
    symlinkSync('/usr/lib/os-release', join(root, 'etc/os-release'));
    symlinkSync('../../../../../../../../etc/passwd', join(root, 'etc/escape'));
    const inventory = inventoryOf(await readRootfs(root, ALL_ANALYZERS));
    assert.equal(inventory.os, undefined);
    assert.deepEqual(inventory.packages.map((p) => `${p.ecosystem} ${p.name} ${p.layerDigest ?? '-'}`), ['Debian bash -']);
    assert.deepEqual(inventory.layers, []);
    assert.match(inventory.notes.join('\n'), /no \/etc\/os-release/);
    mkdirSync(join(root, 'usr/lib'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/os-release'), DEBIAN_OS_RELEASE);
    assert.equal(inventoryOf(await readRootfs(root, ALL_ANALYZERS)).packages[0].ecosystem, 'Debian:12');
  });
});
