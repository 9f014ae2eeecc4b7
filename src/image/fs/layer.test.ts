import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DEBIAN_OS_RELEASE, dpkgStanza, gzipTarOf, streamOf, tarOf } from '../../../test/image/fixtures.js';
import { ALL_ANALYZERS } from '../analyzers/index.js';
import { ImageFs } from './image-fs.js';
import { LayerError, type LayerRecord, readLayer } from './layer.js';

async function layer(entries: Parameters<typeof tarOf>[0], gzip = false): Promise<LayerRecord> {
  const bytes = gzip ? await gzipTarOf(entries) : await tarOf(entries);
  return readLayer(streamOf(bytes), ALL_ANALYZERS, 'test layer');
}

function merged(...records: LayerRecord[]): ImageFs {
  const fs = new ImageFs();
  records.forEach((r, i) => fs.apply(r, i));
  return fs;
}

const names = (fs: ImageFs) => fs.packages().map((p) => `${p.found.name}@${p.found.version}`);

describe('layer reading', () => {
  it('hashes the received bytes and the uncompressed tar separately', async () => {
    const plain = await tarOf([{ name: 'etc/os-release', content: DEBIAN_OS_RELEASE }]);
    const gz = gzipSync(plain);
    const record = await readLayer(streamOf(gz), ALL_ANALYZERS, 'l');
    assert.equal(record.blobDigest, `sha256:${createHash('sha256').update(gz).digest('hex')}`);
    assert.equal(record.diffId, `sha256:${createHash('sha256').update(plain).digest('hex')}`);
    assert.equal(record.size, plain.length);
    assert.equal(record.entries[0].analysis?.os?.id, 'debian');
  });

  it('refuses entry names and hard links that climb out of the root, and says so', async () => {
    const record = await layer([
      { name: '../../etc/os-release', content: DEBIAN_OS_RELEASE },
      { name: 'var/../../../var/lib/dpkg/status', content: dpkgStanza('evil', '1') },
      { name: 'var/lib/dpkg/status', hardlink: '../../../host/var/lib/dpkg/status' },
      { name: 'ok/file', content: 'x' },
    ]);
    assert.deepEqual(record.entries.map((e) => e.path), ['/ok/file']);
    assert.equal(record.problems.length, 3);
    assert.match(record.problems[0], /escapes the image root/);
    assert.match(record.problems[2], /points outside the image/);
  });

  it('resolves symlinks inside the image only: an absolute or climbing target stays in the image', async () => {
    const fs = merged(
      await layer([
        { name: 'usr/lib/os-release', content: DEBIAN_OS_RELEASE },
        { name: 'etc/os-release', symlink: '../../../../../usr/lib/os-release' },
        { name: 'etc/passwd-link', symlink: '/../../etc/passwd' },
        { name: 'loop/a', symlink: 'b' },
        { name: 'loop/b', symlink: 'a' },
      ]),
    );
    assert.equal(fs.resolve('/etc/os-release'), '/usr/lib/os-release');
    assert.equal(fs.analysisAt('/etc/os-release')?.os?.versionId, '12');
    assert.equal(fs.resolve('/etc/passwd-link'), undefined, 'target missing in the image: not looked for on the host');
    assert.equal(fs.resolve('/loop/a'), undefined);
  });

  it('gives a hard link the analysed content of its target in the image', async () => {
    const fs = merged(
      await layer([
        { name: 'var/lib/dpkg/status.d/a', content: dpkgStanza('a', '1') },
        { name: 'var/lib/dpkg/status', hardlink: 'var/lib/dpkg/status.d/a' },
        { name: 'lib/apk/db/installed', hardlink: 'tmp/missing' },
      ]),
    );
    assert.deepEqual(fs.packages().map((p) => `${p.path} ${p.found.name}@${p.found.version}`), ['/var/lib/dpkg/status a@1', '/var/lib/dpkg/status.d/a a@1']);
    assert.match(fs.problems.join('\n'), /lib\/apk\/db\/installed -> \/tmp\/missing/);
  });

  it('lets a later layer replace a package database', async () => {
    const fs = merged(
      await layer([{ name: 'var/lib/dpkg/status', content: dpkgStanza('b', '2') }]),
      await layer([{ name: 'var/lib/dpkg/status', content: dpkgStanza('c', '3') }]),
    );
    assert.deepEqual(names(fs), ['c@3']);
  });

  it('applies whiteouts and opaque directories to lower layers only', async () => {
    const lower = await layer([
      { name: 'var/lib/dpkg/status', content: dpkgStanza('base', '1') },
      { name: 'var/lib/dpkg/status.d/one', content: dpkgStanza('one', '1') },
      { name: 'var/lib/dpkg/status.d/two', content: dpkgStanza('two', '1') },
      { name: 'lib/apk/db/installed', content: 'P:musl\nV:1.2.4-r2\n\n' },
    ]);
    const upper = await layer([
      { name: 'var/lib/dpkg/.wh.status', content: '' },
      { name: 'var/lib/dpkg/status.d/three', content: dpkgStanza('three', '1') },
      { name: 'var/lib/dpkg/status.d/.wh..wh..opq', content: '' },
      { name: 'lib/.wh.apk', content: '' },
    ]);
    assert.deepEqual(upper.whiteouts, ['/var/lib/dpkg/status', '/lib/apk']);
    assert.deepEqual(upper.opaqueDirs, ['/var/lib/dpkg/status.d']);
    assert.deepEqual(names(merged(lower, upper)), ['three@1']);
    assert.deepEqual(names(merged(lower)).sort(), ['base@1', 'musl@1.2.4-r2', 'one@1', 'two@1']);
  });

  it('keeps the layer that first added a package when a later layer rewrites the database', async () => {
    const fs = merged(
      await layer([{ name: 'var/lib/dpkg/status', content: dpkgStanza('libc6', '2.36-9') + dpkgStanza('bash', '5.2-1') }]),
      await layer([{ name: 'var/lib/dpkg/status', content: dpkgStanza('libc6', '2.36-9') + dpkgStanza('bash', '5.2-2') + dpkgStanza('curl', '7.88') }]),
    );
    assert.deepEqual(
      fs.packages().map((p) => `${p.found.name}:${p.layer}`),
      ['libc6:0', 'bash:1', 'curl:1'],
    );
  });

  it('replaces a directory by a file and a symlink by a directory, as overlayfs does', async () => {
    const fs = merged(
      await layer([{ name: 'var/lib/dpkg/status.d/x', content: dpkgStanza('x', '1') }, { name: 'app', symlink: '/elsewhere' }]),
      await layer([{ name: 'var/lib/dpkg/status.d', content: 'now a file' }, { name: 'app/node_modules', dir: true }]),
    );
    assert.deepEqual(names(fs), []);
    assert.equal(fs.resolve('/app/node_modules'), '/app/node_modules');
  });

  it('skips a wanted file larger than its analyser takes, says so, and reads the rest of the layer', async () => {
    const seen: string[] = [];
    const tiny = { name: 'tiny', maxBytes: 10, wants: () => true, analyze: (file: { path: string }) => (seen.push(file.path), {}) };
    const record = await readLayer(streamOf(await tarOf([{ name: 'big', content: 'x'.repeat(11) }, { name: 'small', content: 'x'.repeat(10) }])), [tiny], 'l');
    assert.deepEqual(seen, ['/small']);
    assert.deepEqual(record.problems, ['/big: larger than 10 bytes; not analysed']);
  });

  it('reports zstd layers as unsupported and garbage as unreadable, without hanging', async () => {
    const zstd = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]);
    await assert.rejects(readLayer(streamOf(zstd), ALL_ANALYZERS, 'layer z'), (e: Error) => e instanceof LayerError && /zstd/.test(e.message));
    const broken = gzipSync(Buffer.alloc(2048, 7)).subarray(0, 40);
    await assert.rejects(readLayer(streamOf(broken), ALL_ANALYZERS, 'layer g'), LayerError);
    await assert.rejects(readLayer(streamOf(Buffer.alloc(1000, 0x41)), ALL_ANALYZERS, 'layer t'), LayerError);
  });

  it('survives random bytes and truncations of a real layer with an error or a record, never a crash', async () => {
    const good = await gzipTarOf([
      { name: 'etc/os-release', content: DEBIAN_OS_RELEASE },
      { name: 'var/lib/dpkg/status', content: dpkgStanza('a', '1').repeat(50) },
    ]);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 60; i++) {
      const bytes = Buffer.from(i % 2 ? good.subarray(0, Math.floor(random() * good.length)) : good);
      if (i % 2 === 0) for (let k = 0; k < 4; k++) bytes[Math.floor(random() * bytes.length)] ^= 0xff;
      try {
        await readLayer(streamOf(bytes), ALL_ANALYZERS, 'fuzz');
      } catch (error) {
        assert.ok(error instanceof LayerError, String(error));
      }
    }
  });
});
