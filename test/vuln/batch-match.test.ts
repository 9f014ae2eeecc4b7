import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { InstalledPackage } from '../../src/image/package.js';
import { importOsv, matchPackages, openVulnDb } from '../../src/image/vuln/index.js';
import { trivyFixtureAsOsv, trivyPackages } from './trivy-fixture.js';

test('matching many packages at once (candidates fetched in batches of names) equals matching each package alone, in package order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stockade-batch-'));
  const vdb = openVulnDb(join(dir, 'vuln.db'));
  try {
    const records = join(dir, 'records');
    await import('node:fs').then((fs) => fs.mkdirSync(records));
    for (const record of trivyFixtureAsOsv()) writeFileSync(join(records, `${(record as { id: string }).id}.json`), JSON.stringify(record));
    // Several advisories per name, for the release and for every release, one with two entries
    // for the same package (reported once, with the fix of whichever entry names one).
    for (let n = 0; n < 90; n++) {
      for (let a = 0; a < 3; a++) {
        const entry = (ecosystem: string, events: object[]) => ({ package: { ecosystem, name: `lib-${n}` }, ranges: [{ type: 'ECOSYSTEM', events }] });
        const affected = [entry(a === 1 ? 'Debian' : 'Debian:10', [{ introduced: '0' }, { fixed: `1.${a + (n % 4)}-1` }])];
        if (a === 2) affected.push(entry('Debian:10', [{ introduced: '1.0-1' }, { fixed: `2.${n}-1` }]));
        const record = { id: `SYN-${n}-${a}`, modified: '2026-01-01T00:00:00Z', summary: `lib-${n} advisory ${a}`, affected };
        writeFileSync(join(records, `${record.id}.json`), JSON.stringify(record));
      }
    }
    await importOsv(vdb.advisories, records, { now: new Date('2026-01-01T00:00:00Z') });
    const debian = trivyPackages('debian-buster.json.golden', 'Debian:10');
    const alpine = trivyPackages('alpine-310.json.golden', 'Alpine:v3.10');
    // Names without advisories push the real ones across several batches, and both orders are tried.
    const named = (prefix: string, count: number, version: string): InstalledPackage[] =>
      Array.from({ length: count }, (_, i) => ({ ...debian[0], name: `${prefix}-${i}`, sourceName: `${prefix}-${i}`, version, sourceVersion: version, purl: `pkg:deb/debian/${prefix}-${i}` }));
    const libs = [...named('lib', 90, '1.2-1'), ...named('lib', 90, '0.9-1')];
    for (const packages of [[...named('filler', 150, '1.0'), ...debian, ...libs, ...alpine], [...alpine, ...libs.slice().reverse(), ...named('filler', 200, '1.0'), ...debian]]) {
      const together = matchPackages(vdb, packages);
      assert.ok(together.length > 300, `${together.length} matches`);
      assert.deepEqual(together, packages.flatMap((p) => matchPackages(vdb, [p])));
    }
  } finally {
    vdb.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
