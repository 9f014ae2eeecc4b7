import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprintOf, hash128, hex128, severityRank, sortFindings, type Finding } from './finding.js';

describe('fingerprints', () => {
  it('hash fields as if joined with NUL, without joining', () => {
    assert.equal(hash128(['a', 'b']), hash128('a\u0000b'));
    assert.notEqual(hash128(['a', 'b']), hash128(['ab', '']));
    assert.match(hash128(''), /^[0-9a-f]{32}$/);
  });

  it('are stable for the same problem and differ when any part differs', () => {
    const base = { check: 'privileged-container', resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'a', name: 'web' }, path: 'spec.x', container: 'app' };
    assert.equal(fingerprintOf(base), fingerprintOf({ ...base, resource: { ...base.resource, apiVersion: 'apps/v1beta2' } }), 'the API version is not part of the identity');
    const variants = [
      { ...base, check: 'host-ports' },
      { ...base, resource: { ...base.resource, namespace: 'b' } },
      { ...base, resource: { ...base.resource, name: 'api' } },
      { ...base, path: 'spec.y' },
      { ...base, container: 'sidecar' },
      { ...base, discriminator: 'CVE-1' },
    ];
    const all = new Set([fingerprintOf(base), ...variants.map(fingerprintOf)]);
    assert.equal(all.size, variants.length + 1);
  });
});

describe('hex128', () => {
  it('writes each number as eight lowercase hex digits, zero-padded, as toString(16) would', () => {
    const values = [0, 1, 15, 16, 255, 0x1000, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff];
    for (let i = 0; i < 1000; i++) values.push(Math.floor(Math.random() * 2 ** 32));
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    for (let i = 0; i + 3 < values.length; i++) {
      const [a, b, c, d] = [values[i]!, values[i + 1]!, values[i + 2]!, values[i + 3]!];
      assert.equal(hex128(a, b, c, d), hex(a) + hex(b) + hex(c) + hex(d));
    }
  });
});

describe('sortFindings', () => {
  /** The order spelled out one comparison at a time: the reference the fast sort must equal. */
  const compareFindings = (a: Finding, b: Finding): number =>
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.location.file ?? '').localeCompare(b.location.file ?? '') ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    a.check.localeCompare(b.check);

  const finding = (severity: Finding['severity'], file: string | undefined, line: number | undefined, check: string, name: string): Finding => ({
    check,
    code: 'X',
    severity,
    category: 'c',
    title: 't',
    message: 'm',
    resource: { apiVersion: 'v1', kind: 'Pod', name },
    location: { ...(file !== undefined ? { file } : {}), ...(line !== undefined ? { line } : {}) },
    frameworks: {},
    remediation: 'r',
    fingerprint: name,
  });

  it('orders exactly as compareFindings, keeping equal findings in their order', () => {
    const files = ['b.yaml', 'a.yaml', 'A.yaml', 'ä.yaml', 'dir/z.yaml', undefined];
    const checks = ['host-ports', 'Host-ports', 'privileged-container', 'a'];
    const severities: Finding['severity'][] = ['info', 'critical', 'medium', 'high', 'low'];
    const findings: Finding[] = [];
    for (let i = 0; i < 500; i++) {
      findings.push(finding(severities[i % 5]!, files[(i * 7) % files.length], i % 3 === 0 ? undefined : (i * 13) % 17, checks[(i * 3) % checks.length]!, `n${i}`));
    }
    const expected = [...findings].sort(compareFindings);
    sortFindings(findings);
    assert.deepEqual(findings.map((f) => f.fingerprint), expected.map((f) => f.fingerprint));
  });
});
