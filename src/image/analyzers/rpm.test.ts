import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseRpmHeader, parseRpmSqlite, parseSourceRpm, rpmAnalyzer } from './rpm.js';

const work = mkdtempSync(join(tmpdir(), 'stockade-rpm-'));
after(() => rmSync(work, { recursive: true, force: true }));

interface Spec {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  license: string;
}

/** Builds a package with rpmbuild and records it in an rpm database with rpm itself (Debian's rpm uses the sqlite backend). */
function buildAndInstall(specs: Spec[], dbPath: string): void {
  const top = join(work, 'rpmbuild');
  for (const spec of specs) {
    const file = join(work, `${spec.name}.spec`);
    writeFileSync(
      file,
      [
        `Name: ${spec.name}`,
        `Version: ${spec.version}`,
        `Release: ${spec.release}`,
        ...(spec.epoch !== undefined ? [`Epoch: ${spec.epoch}`] : []),
        'Summary: stockade test package',
        `License: ${spec.license}`,
        'BuildArch: noarch',
        '%description',
        'test',
        '%files',
        '',
      ].join('\n'),
    );
    execFileSync('rpmbuild', ['-bb', '--quiet', '--define', `_topdir ${top}`, file], { stdio: 'ignore', timeout: 60_000 });
  }
  const rpms = readdirSync(join(top, 'RPMS', 'noarch')).map((f) => join(top, 'RPMS', 'noarch', f));
  mkdirSync(dbPath, { recursive: true });
  execFileSync('rpm', ['--initdb', '--dbpath', dbPath], { stdio: 'ignore' });
  execFileSync('rpm', ['-i', '--justdb', '--nodeps', '--ignorearch', '--ignoreos', '--dbpath', dbPath, ...rpms], { stdio: 'ignore', timeout: 60_000 });
}

describe('rpm sqlite database, with rpm -qa as the oracle', () => {
  const db = join(work, 'db');
  before(() =>
    buildAndInstall(
      [
        { name: 'openssl-libs', version: '3.0.7', release: '27.el9', epoch: 1, license: 'ASL 2.0' },
        { name: 'bash', version: '5.1.8', release: '9.el9', license: 'GPLv3+' },
        { name: 'tzdata', version: '2024a', release: '1.el9', license: 'Public Domain' },
      ],
      db,
    ),
  );

  it('lists what rpm -qa lists: name, epoch:version-release, source rpm, arch, license', () => {
    const expected = execFileSync('rpm', ['-qa', '--dbpath', db, '--qf', '%{NAME}|%{EPOCH}|%{VERSION}-%{RELEASE}|%{SOURCERPM}|%{ARCH}|%{LICENSE}\n'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [name, epoch, vr, srpm, arch, license] = l.split('|');
        const prefix = epoch === '(none)' ? '' : `${epoch}:`;
        const source = parseSourceRpm(srpm)!;
        return [name, `${prefix}${vr}`, source.name, `${prefix}${source.version}`, arch, license].join('|');
      })
      .sort();
    const ours = parseRpmSqlite(readFileSync(join(db, 'rpmdb.sqlite')))
      .map((p) => [p.name, p.version, p.sourceName, p.sourceVersion, p.arch, p.licenses?.[0]].join('|'))
      .sort();
    assert.equal(ours.length, 3);
    assert.deepEqual(ours, expected);
  });

  it('names Berkeley DB databases as unsupported instead of listing nothing silently', async () => {
    const result = await rpmAnalyzer.analyze({ path: '/var/lib/rpm/Packages', size: 10, mode: 0o644 }, Buffer.alloc(10));
    assert.match(result.notes?.[0] ?? '', /Berkeley DB .* not supported/);
  });

  it('refuses hostile header blobs with an error, and a non-database with a note', async () => {
    const header = Buffer.alloc(8 + 16 + 4);
    header.writeUInt32BE(1, 0);
    header.writeUInt32BE(4, 4);
    header.writeInt32BE(1000, 8); // NAME
    header.writeUInt32BE(6, 12); // STRING
    header.writeInt32BE(2, 16); // offset inside the data, but no NUL before its end
    header.write('abcd', 24);
    assert.throws(() => parseRpmHeader(header), /outside the data/);
    const lying = Buffer.from(header);
    lying.writeUInt32BE(1_000_000, 4);
    assert.throws(() => parseRpmHeader(lying), /claims/);
    const result = await rpmAnalyzer.analyze({ path: '/var/lib/rpm/rpmdb.sqlite', size: 5, mode: 0o644 }, Buffer.from('hello'));
    assert.match(result.notes?.[0] ?? '', /not a readable rpm database/);
  });
});
