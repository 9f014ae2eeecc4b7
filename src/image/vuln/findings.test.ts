import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstalledPackage } from '../package.js';
import { findingsOf } from './findings.js';
import { matchPackage } from './match.js';

const libssl: InstalledPackage = {
  ecosystem: 'Debian:12', name: 'libssl3', version: '3.0.11-1~deb12u1', sourceName: 'openssl', sourceVersion: '3.0.11-1~deb12u1',
  purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64', foundIn: '/var/lib/dpkg/status', layerDigest: 'sha256:layer',
};

const entry = {
  advisoryId: 'DSA-5532-1', aliases: ['CVE-2023-5363'], ecosystem: 'Debian:12', name: 'openssl',
  ranges: [{ type: 'ECOSYSTEM' as const, events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }], versions: [],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }], summary: 'openssl - security update',
};

test('a vulnerability finding uses the shared envelope, names image, package, source and fix, and is stable', () => {
  const [finding] = findingsOf(matchPackage(libssl, [entry]), { reference: 'registry.local/app:1', digest: 'sha256:img' });
  assert.equal(finding.check, 'vulnerable-package');
  assert.equal(finding.code, 'SKD-1001');
  assert.equal(finding.severity, 'high');
  assert.deepEqual(finding.resource, { apiVersion: 'oci/v1', kind: 'Image', name: 'registry.local/app:1' });
  assert.deepEqual(finding.location, { file: '/var/lib/dpkg/status' });
  assert.equal(finding.message, 'libssl3 3.0.11-1~deb12u1 from source package openssl is affected by DSA-5532-1 (CVE-2023-5363); fixed in 3.0.11-1~deb12u2.');
  assert.match(finding.remediation, /Upgrade openssl to 3\.0\.11-1~deb12u2 or later/);
  assert.deepEqual(finding.vulnerability, {
    id: 'DSA-5532-1', aliases: ['CVE-2023-5363'], package: 'libssl3', sourcePackage: 'openssl', ecosystem: 'Debian:12',
    installed: '3.0.11-1~deb12u1', fixed: '3.0.11-1~deb12u2',
    cvss: [{ version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 7.5 }], score: 7.5, severitySource: 'cvss',
    summary: 'openssl - security update', layer: 'sha256:layer', imageDigest: 'sha256:img',
  });
  const [again] = findingsOf(matchPackage(libssl, [entry]), { reference: 'registry.local/app:1' });
  assert.equal(again.fingerprint, finding.fingerprint);
  const [other] = findingsOf(matchPackage({ ...libssl, name: 'openssl', version: '3.0.11-1~deb12u1' }, [entry]), { reference: 'registry.local/app:1' });
  assert.notEqual(other.fingerprint, finding.fingerprint);
});

test('without a fix the message and remediation say so', () => {
  const [finding] = findingsOf(matchPackage(libssl, [{ ...entry, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }], severity: [] }]), { reference: 'app' });
  assert.match(finding.message, /no fixed version is known\.$/);
  assert.match(finding.remediation, /^No fix is published for openssl/);
  assert.equal(finding.severity, 'medium');
  assert.equal((finding.vulnerability as { fixed: unknown }).fixed, null);
});
