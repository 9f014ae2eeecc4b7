import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readDockerArchive } from '../../src/image/layout/docker-archive.js';
import { readOciLayout } from '../../src/image/layout/oci-layout.js';
import { readRootfs } from '../../src/image/layout/rootfs.js';
import { DEFAULT_ANALYZERS, inventoryOf, type ImageInventory } from '../../src/image/scan.js';
import { dpkgQueryOf, skipImageE2e, testImage, type TestImage } from './test-image.js';

const listed = (inventory: ImageInventory) => inventory.packages.map((p) => `${p.name} ${p.version}`).sort();

describe('the Debian test image through every local source, converted by skopeo', { skip: skipImageE2e }, () => {
  let image: TestImage;
  let work: string;
  let expected: string[];

  before(() => {
    image = testImage();
    work = mkdtempSync(join(tmpdir(), 'stockade-sources-'));
    expected = dpkgQueryOf(image.rootfs);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('--oci DIR:tag lists what dpkg-query lists', async () => {
    assert.deepEqual(listed(inventoryOf(await readOciLayout(`${image.oci}:${image.tag}`, DEFAULT_ANALYZERS))), expected);
  });

  it('--archive of `skopeo copy docker-archive:` lists what dpkg-query lists', async () => {
    const file = join(work, 'docker.tar');
    execFileSync('skopeo', ['copy', '--quiet', `oci:${image.oci}:${image.tag}`, `docker-archive:${file}:stockade/debian:${image.tag}`], { timeout: 120_000 });
    const inventory = inventoryOf(await readDockerArchive(file, DEFAULT_ANALYZERS));
    assert.deepEqual(listed(inventory), expected);
    assert.equal(inventory.layers.length, 2);
    assert.match(inventory.name, /stockade\/debian/);
  });

  it('--archive of `skopeo copy oci-archive:` lists what dpkg-query lists', async () => {
    const file = join(work, 'oci.tar');
    execFileSync('skopeo', ['copy', '--quiet', `oci:${image.oci}:${image.tag}`, `oci-archive:${file}:${image.tag}`], { timeout: 120_000 });
    assert.deepEqual(listed(inventoryOf(await readDockerArchive(file, DEFAULT_ANALYZERS))), expected);
  });

  it('--rootfs DIR lists what dpkg-query lists', async () => {
    const inventory = inventoryOf(await readRootfs(image.rootfs, DEFAULT_ANALYZERS));
    assert.deepEqual(listed(inventory), expected);
    assert.equal(inventory.os?.versionCodename, image.tag);
  });
});
