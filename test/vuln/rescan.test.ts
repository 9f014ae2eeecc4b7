import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { InstalledPackage } from '../../src/image/package.js';
import { importOsv, openVulnDb, rescanChanged, rescanImages, storeImageInventory } from '../../src/image/vuln/index.js';
import { corpusRecords, makeZip } from './zips.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-rescan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function deb(name: string, version: string, sourceName = name): InstalledPackage {
  return { ecosystem: 'Debian:9', name, version, sourceName, sourceVersion: version, purl: `pkg:deb/debian/${name}@${version}`, foundIn: '/var/lib/dpkg/status' };
}

test('after an import, only images holding packages with changed advisories are re-matched, and only those packages', async () => {
  const records = corpusRecords();
  const vdb = openVulnDb(join(dir, 'r.db'));
  try {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const zip = (ids: string[], patch: Record<string, object> = {}) =>
      makeZip(Object.fromEntries(ids.map((id) => [`${id}.json`, JSON.stringify({ ...records.get(id), ...(patch[id] ?? {}) })])));
    const file = join(dir, 'Debian.zip');
    writeFileSync(file, await zip(['DLA-3022-1']));
    await importOsv(vdb.advisories, file, { now: t0, feed: 'Debian', complete: true });

    const a = storeImageInventory(vdb, { digest: 'sha256:a', reference: 'a:1' }, [deb('dpkg', '1.18.25'), deb('libssl1.1', '1.1.0l-1~deb9u5', 'openssl'), deb('bash', '4.4-5')], t0);
    const b = storeImageInventory(vdb, { digest: 'sha256:b', reference: 'b:1' }, [deb('bash', '4.4-5'), deb('tzdata', '2021a-0+deb9u3')], t0);
    assert.deepEqual(a.matches.map((m) => m.id), ['DLA-3022-1']);
    assert.deepEqual(b.matches, []);

    // The export now has the openssl advisory, and the dpkg advisory withdrawn.
    writeFileSync(file, await zip(['DLA-3022-1', 'DLA-3008-1'], { 'DLA-3022-1': { modified: '2030-01-01T00:00:00Z', withdrawn: '2030-01-01T00:00:00Z' } }));
    const t1 = new Date('2026-02-01T00:00:00Z');
    const summary = await importOsv(vdb.advisories, file, { now: t1, feed: 'Debian', complete: true });
    assert.deepEqual([...summary.changedPackages].sort(), ['Debian\u0000dpkg', 'Debian\u0000openssl']);

    const rescans = rescanChanged(vdb, summary.changedPackages, t1);
    assert.deepEqual(
      rescans.map((r) => [r.digest, r.packagesMatched, r.newlyAffected.map((m) => `${m.id} ${m.package.name}`), r.noLongerAffected.map((m) => `${m.advisoryId} ${m.package}`)]),
      [['sha256:a', 2, ['DLA-3008-1 libssl1.1'], ['DLA-3022-1 dpkg']]],
    );
    // A full rescan afterwards finds nothing new: the history was updated.
    assert.deepEqual(rescanImages(vdb, t1).map((r) => [r.digest, r.newlyAffected.length, r.matches.length]), [['sha256:a', 0, 1], ['sha256:b', 0, 0]]);
    assert.equal(vdb.inventories.image('sha256:a')?.matchedAt, t1.toISOString());
  } finally {
    vdb.close();
  }
});

test('storing an image again replaces its package list', () => {
  const vdb = openVulnDb(join(dir, 's.db'));
  try {
    const t0 = new Date('2026-01-01T00:00:00Z');
    storeImageInventory(vdb, { digest: 'sha256:c', reference: 'c:1' }, [deb('bash', '4.4-5'), deb('dpkg', '1.18.25')], t0);
    storeImageInventory(vdb, { digest: 'sha256:c', reference: 'c:2' }, [deb('bash', '4.4-6')], t0);
    assert.deepEqual(vdb.inventories.packages('sha256:c').map((p) => `${p.name} ${p.version}`), ['bash 4.4-6']);
    assert.equal(vdb.inventories.image('sha256:c')?.reference, 'c:2');
  } finally {
    vdb.close();
  }
});
