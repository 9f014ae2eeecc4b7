import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstalledPackage } from '../package.js';
import { compareDpkg } from '../version/dpkg.js';
import { advisoryKey, ecosystemApplies, entryAffects, inRange, matchPackage, severityOf, type AffectedEntry } from './match.js';

function pkg(ecosystem: string, name: string, version: string, sourceName = name, sourceVersion = version): InstalledPackage {
  return { ecosystem, name, version, sourceName, sourceVersion, purl: `pkg:generic/${name}@${version}`, foundIn: '/var/lib/dpkg/status' };
}

function entry(partial: Partial<AffectedEntry>): AffectedEntry {
  return { advisoryId: 'X-1', aliases: [], ecosystem: 'Debian:12', name: 'openssl', ranges: [], versions: [], severity: [], ...partial };
}

test('range evaluation: introduced/fixed/last_affected, several intervals, zero', () => {
  const range = { type: 'ECOSYSTEM' as const, events: [{ introduced: '1.0' }, { fixed: '1.2' }, { introduced: '1.5' }, { last_affected: '1.7' }] };
  const at = (v: string) => inRange(range, v, compareDpkg);
  assert.deepEqual(at('0.9'), { affected: false });
  assert.deepEqual(at('1.0'), { affected: true, fixed: '1.2' });
  assert.deepEqual(at('1.1'), { affected: true, fixed: '1.2' });
  assert.deepEqual(at('1.2'), { affected: false });
  assert.deepEqual(at('1.5'), { affected: true });
  assert.deepEqual(at('1.7'), { affected: true });
  assert.deepEqual(at('1.7.1'), { affected: false });
  assert.deepEqual(inRange({ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }, '1:99', compareDpkg), { affected: true });
});

test('events are ordered by version, not by position in the record', () => {
  const range = { type: 'ECOSYSTEM' as const, events: [{ fixed: '2.0' }, { introduced: '0' }] };
  assert.deepEqual(inRange(range, '1.0', compareDpkg), { affected: true, fixed: '2.0' });
});

test('explicit versions affect even outside ranges; SEMVER ranges use SemVer order', () => {
  assert.deepEqual(entryAffects({ ecosystem: 'Debian:12', ranges: [], versions: ['1.0-1'] }, '1.0-1'), { affected: true });
  assert.deepEqual(entryAffects({ ecosystem: 'Debian:12', ranges: [], versions: ['1.0-1'] }, '1.0-2'), { affected: false });
  const semver = { ecosystem: 'npm', ranges: [{ type: 'SEMVER' as const, events: [{ introduced: '0' }, { fixed: '1.10.0' }] }], versions: [] };
  assert.deepEqual(entryAffects(semver, '1.9.3'), { affected: true, fixed: '1.10.0' });
  assert.deepEqual(entryAffects(semver, '1.10.0'), { affected: false });
  assert.deepEqual(entryAffects({ ecosystem: 'GIT', ranges: [{ type: 'GIT', events: [{ introduced: '0' }] }], versions: [] }, 'abc'), { affected: false });
});

test('release suffixes: exact release, or an entry without release', () => {
  assert.ok(ecosystemApplies('Debian:12', 'Debian:12'));
  assert.ok(!ecosystemApplies('Debian:11', 'Debian:12'));
  assert.ok(ecosystemApplies('Debian', 'Debian:12'));
  assert.ok(!ecosystemApplies('Alpine:v3.10', 'Alpine:v3.1'));
  assert.ok(ecosystemApplies('Ubuntu:22.04:LTS', 'Ubuntu:22.04'));
  assert.ok(!ecosystemApplies('Ubuntu:Pro:22.04:LTS', 'Ubuntu:22.04'));
  assert.ok(!ecosystemApplies('Debian', 'Ubuntu:22.04'));
});

test('OS packages are keyed by source name and version; language packages by their own', () => {
  assert.deepEqual(advisoryKey(pkg('Debian:12', 'libssl3', '3.0.11-1~deb12u2+b1', 'openssl', '3.0.11-1~deb12u2')), { base: 'Debian', name: 'openssl', version: '3.0.11-1~deb12u2' });
  assert.deepEqual(advisoryKey(pkg('npm', 'lodash', '4.17.20', 'other', '0')), { base: 'npm', name: 'lodash', version: '4.17.20' });
});

test('matchPackage: binary package matched through its source, withdrawn advisories ignored, score and fix reported', () => {
  const libssl = pkg('Debian:12', 'libssl3', '3.0.11-1~deb12u1', 'openssl', '3.0.11-1~deb12u1');
  const entries = [
    entry({ advisoryId: 'DSA-1', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }], severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }] }),
    entry({ advisoryId: 'DSA-2', withdrawn: '2024-02-01T00:00:00Z', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }),
    entry({ advisoryId: 'DSA-3', ecosystem: 'Debian:11', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }),
    entry({ advisoryId: 'DSA-4', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u1' }] }] }),
  ];
  const matches = matchPackage(libssl, entries);
  assert.deepEqual(matches.map((m) => [m.id, m.fixed, m.score, m.severity, m.matchedName]), [['DSA-1', '3.0.11-1~deb12u2', 7.5, 'high', 'openssl']]);
});

test('severity: score first, then distro urgency, else medium', () => {
  assert.deepEqual(severityOf(9.8, 'low'), { severity: 'critical', source: 'cvss' });
  assert.deepEqual(severityOf(undefined, 'unimportant'), { severity: 'info', source: 'urgency' });
  assert.deepEqual(severityOf(undefined, 'not yet assigned'), { severity: 'medium', source: 'unknown' });
});
