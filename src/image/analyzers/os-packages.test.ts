import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusPath } from '../../../test/corpus.js';
import { parseApkInstalled } from './apk.js';
import { dpkgAnalyzer, parseDpkgStatus } from './dpkg.js';
import { parseOsRelease } from './os-release.js';

/** dpkg-query itself, run on a copy of the database, is the oracle for names, versions and sources. */
function dpkgQuery(statusText: string): string[] {
  const admin = mkdtempSync(join(tmpdir(), 'stockade-dpkg-'));
  try {
    mkdirSync(join(admin, 'info'));
    writeFileSync(join(admin, 'status'), statusText);
    const out = execFileSync('dpkg-query', ['--admindir', admin, '-W', '-f', '${db:Status-Abbrev}|${Package}|${Version}|${source:Package}|${source:Version}|${Architecture}\n'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // "rc" (removed, config files kept) packages have no files on disk: not installed.
    return out.split('\n').filter((l) => l !== '' && !l.startsWith('rc')).map((l) => l.split('|').slice(1).join('|')).sort();
  } finally {
    rmSync(admin, { recursive: true, force: true });
  }
}

describe('dpkg status analyser', () => {
  for (const source of ['trivy', 'osv-scalibr']) {
    it(`agrees with dpkg-query on ${source}'s real status database`, () => {
      const text = readFileSync(corpusPath('vuln-data', 'pkgdb', source, 'var-lib-dpkg-status'), 'utf8');
      const ours = parseDpkgStatus(text).map((p) => [p.name, p.version, p.sourceName, p.sourceVersion, p.arch].join('|')).sort();
      const expected = dpkgQuery(text);
      assert.equal(ours.length, source === 'trivy' ? 90 : 7, 'PROVENANCE counts');
      assert.deepEqual(ours, expected);
    });
  }

  it('reads a distroless status.d stanza, which has no Status field', () => {
    const [pkg] = parseDpkgStatus('Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n');
    assert.deepEqual([pkg.name, pkg.sourceName, pkg.sourceVersion], ['libssl3', 'openssl', '3.0.11-1~deb12u2']);
  });

  it('reads the status file and distroless status.d entries, not their checksum lists', () => {
    const wants = (path: string) => dpkgAnalyzer.wants({ path, size: 100, mode: 0o644 });
    assert.deepEqual(
      ['/var/lib/dpkg/status', '/var/lib/dpkg/status.d/libssl3', '/var/lib/dpkg/status.d/libssl3.md5sums', '/var/lib/dpkg/status.d/x/y', '/var/lib/dpkg/status-old', '/usr/var/lib/dpkg/status'].map(wants),
      [true, true, false, false, false, false],
    );
  });

  it('ignores malformed stanzas instead of failing', () => {
    assert.deepEqual(parseDpkgStatus('garbage\n\nPackage: x\n\n:::\nVersion: 1\n\n\u0000\u0001'), []);
  });
});

describe('apk installed analyser', () => {
  it("reads trivy's database, skipping the record without a version", () => {
    const pkgs = parseApkInstalled(readFileSync(corpusPath('vuln-data', 'pkgdb', 'trivy', 'lib-apk-db-installed'), 'utf8'));
    assert.equal(pkgs.length, 15);
    assert.ok(!pkgs.some((p) => p.name === 'invalidPackageWithoutAVersion'));
  });

  it("reads osv-scalibr's database with origin as the source package", () => {
    const text = readFileSync(corpusPath('vuln-data', 'pkgdb', 'osv-scalibr', 'lib-apk-db-installed'), 'utf8');
    const pkgs = parseApkInstalled(text);
    assert.equal(pkgs.length, 15);
    // Every P:/V:/o: triple of the file, read independently of the parser.
    const triples = text.split('\n\n').filter((s) => /^P:/m.test(s)).map((s) => {
      const get = (k: string) => new RegExp(`^${k}:(.*)$`, 'm').exec(s)?.[1];
      return `${get('P')}@${get('V')}<${get('o') ?? get('P')}`;
    });
    assert.deepEqual(pkgs.map((p) => `${p.name}@${p.version}<${p.sourceName}`), triples);
  });
});

describe('os-release analyser', () => {
  it('reads the fields, quoted or not', () => {
    const os = parseOsRelease('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n');
    assert.deepEqual([os?.id, os?.versionId, os?.prettyName, os?.distroless], ['alpine', '3.20.3', 'Alpine Linux v3.20', false]);
    const rocky = parseOsRelease("ID='rocky'\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.4\"\n");
    assert.deepEqual(rocky?.idLike, ['rhel', 'centos', 'fedora']);
  });

  it('recognises distroless, which reports the Debian ID', () => {
    const os = parseOsRelease('PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nHOME_URL="https://github.com/GoogleContainerTools/distroless"\n');
    assert.equal(os?.distroless, true);
    assert.equal(os?.id, 'debian');
  });

  it('has no OS without an ID', () => {
    assert.equal(parseOsRelease('NAME=x\n'), undefined);
  });
});
