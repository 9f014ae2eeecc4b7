import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FoundPackage, OsInfo } from './analyzers/analyzer.js';
import { parseOsRelease } from './analyzers/os-release.js';
import type { LayerRecord } from './fs/layer.js';
import { inventoryOf, osEcosystem } from './scan.js';

const os = (text: string): OsInfo => parseOsRelease(text)!;

function imageWith(found: FoundPackage[], osRelease?: string) {
  const record: LayerRecord = {
    entries: [
      ...(osRelease ? [{ path: '/etc/os-release', kind: 'file' as const, analysis: { os: os(osRelease) } }] : []),
      { path: '/pkgdb', kind: 'file', analysis: { packages: found } },
    ],
    whiteouts: [],
    opaqueDirs: [],
    problems: [],
    diffId: 'sha256:d',
    blobDigest: 'sha256:b',
    size: 1,
  };
  return inventoryOf({ source: 'oci', name: 'x', annotations: {}, layers: [{ digest: 'sha256:b', record }], notes: [] });
}

const found = (ecosystem: FoundPackage['ecosystem'], name: string, version: string, extra: Partial<FoundPackage> = {}): FoundPackage => ({
  ecosystem,
  name,
  version,
  sourceName: name,
  sourceVersion: version,
  ...extra,
});

describe('OS package ecosystems (OSV names)', () => {
  it('names each distribution release as OSV does', () => {
    assert.equal(osEcosystem(os('ID=debian\nVERSION_ID="12"\n'), 'dpkg'), 'Debian:12');
    assert.equal(osEcosystem(os('ID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\n'), 'dpkg'), 'Ubuntu:22.04:LTS');
    assert.equal(osEcosystem(os('ID=ubuntu\nID_LIKE=debian\nVERSION_ID="23.10"\n'), 'dpkg'), 'Ubuntu:23.10');
    assert.equal(osEcosystem(os('ID=alpine\nVERSION_ID=3.20.3\n'), 'apk'), 'Alpine:v3.20');
    assert.equal(osEcosystem(os('ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n'), 'rpm'), 'Rocky Linux:9');
    assert.equal(osEcosystem(os('ID="almalinux"\nVERSION_ID="8.10"\n'), 'rpm'), 'AlmaLinux:8');
    assert.equal(osEcosystem(os('ID="rhel"\nVERSION_ID="9.3"\n'), 'rpm'), 'Red Hat');
    // Distroless reports the Debian ID: its packages are Debian's.
    assert.equal(osEcosystem(os('PRETTY_NAME="Distroless"\nID="debian"\nVERSION_ID="12"\n'), 'dpkg'), 'Debian:12');
    assert.equal(osEcosystem(undefined, 'dpkg'), 'Debian');
  });
});

describe('inventory', () => {
  it('builds purls per type, escaping what the purl spec escapes', () => {
    const inventory = imageWith(
      [
        found({ os: 'dpkg' }, 'libc6', '2.36-9+deb12u4', { arch: 'amd64', sourceName: 'glibc' }),
        found({ os: 'rpm' }, 'openssl-libs', '1:3.0.7-27.el9', { arch: 'x86_64', epoch: 1 }),
        found('npm', '@babel/core', '7.24.0'),
        found('PyPI', 'Zope.Interface', '6.0'),
        found('Go', 'github.com/gin-gonic/gin', 'v1.9.1'),
        found('Maven', 'org.apache.logging.log4j:log4j-core', '2.14.1'),
      ],
      'ID="rocky"\nVERSION_ID="9.4"\n',
    );
    assert.deepEqual(
      inventory.packages.map((p) => p.purl),
      [
        'pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=rocky-9.4',
        'pkg:rpm/rocky/openssl-libs@1%3A3.0.7-27.el9?arch=x86_64&distro=rocky-9.4&epoch=1',
        'pkg:npm/%40babel/core@7.24.0',
        'pkg:pypi/zope-interface@6.0',
        'pkg:golang/github.com/gin-gonic/gin@v1.9.1',
        'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      ],
    );
    assert.deepEqual(inventory.packages.map((p) => p.layerDigest), Array(6).fill('sha256:b'));
    assert.equal(inventory.packages[0].sourceName, 'glibc');
  });

  it('says so when OS packages are found without an os-release', () => {
    const inventory = imageWith([found({ os: 'apk' }, 'musl', '1.2.5-r0')]);
    assert.equal(inventory.packages[0].ecosystem, 'Alpine');
    assert.match(inventory.notes.join('\n'), /apk packages found but no \/etc\/os-release/);
  });
});
