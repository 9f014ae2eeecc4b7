import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprintOf, type Finding } from '../core/finding.js';
import { MAX_REPORT_BYTES, MAX_RESOURCES_PER_RESULT, MAX_VULNERABILITY_RESULTS, policyReports } from './policy-report.js';

function finding(check: string, namespace: string | undefined, name: string, extra: Partial<Finding> = {}): Finding {
  const resource = { apiVersion: 'v1', kind: 'Pod', name, ...(namespace !== undefined ? { namespace } : {}) };
  return {
    check,
    code: 'SKD-001',
    severity: 'high',
    category: 'pod-security',
    title: check,
    message: `${check} on ${name} ${'detail '.repeat(20)}`,
    resource,
    location: {},
    frameworks: {},
    remediation: '',
    fingerprint: fingerprintOf({ check, resource }),
    ...extra,
  };
}

const now = new Date('2026-01-15T12:00:00Z');

describe('policyReports', () => {
  it('one report per namespace (empty ones too) and one cluster report; suppressed findings left out', () => {
    const reports = policyReports([finding('a', 'x', 'p1'), finding('b', 'x', 'p1'), finding('a', undefined, 'n1'), finding('a', 'x', 'p2', { suppressed: { by: 'config', reason: 'ok' } })], ['x', 'y'], now);
    assert.deepEqual(reports.map((r) => `${r.kind} ${r.metadata?.namespace ?? ''}`), ['PolicyReport x', 'PolicyReport y', 'ClusterPolicyReport ']);
    assert.deepEqual(reports[0]!.summary, { pass: 0, fail: 2, warn: 0, error: 0, skip: 0 });
    assert.deepEqual((reports[1]!.results as unknown[]).length, 0);
    assert.equal((reports[0]!.results as { policy: string }[]).map((r) => r.policy).join(','), 'a,b');
  });

  it('bounded: 20,000 findings of 100 checks on pods with long names stay under the size limit', () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 20000; i++) findings.push(finding(`check-${i % 100}`, 'big', `pod-${'x'.repeat(200)}-${i}`));
    const [report] = policyReports(findings, ['big'], now);
    const results = report!.results as { resources: unknown[]; properties: Record<string, string> }[];
    assert.equal(results.length, 100);
    assert.ok(JSON.stringify(report).length <= MAX_REPORT_BYTES);
    assert.ok(results.every((r) => r.resources.length <= MAX_RESOURCES_PER_RESULT && r.resources.length >= 1));
    assert.ok(results[0]!.resources.length < MAX_RESOURCES_PER_RESULT, 'long names halve the resources listed');
    assert.equal(results.reduce((n, r) => n + Number(r.properties.findings), 0), 20000);
  });

  const vulnerable = (id: string, severity: Finding['severity'], name: string): Finding =>
    finding('vulnerable-package', 'shop', name, {
      severity,
      code: 'SKD-1001',
      image: 'registry.example/shop/app:1',
      vulnerability: { id, package: 'openssl', installed: '1.1.0l-1~deb9u5', fixed: '1.1.0l-1~deb9u6' },
      fingerprint: fingerprintOf({ check: 'vulnerable-package', resource: { apiVersion: 'apps/v1', kind: 'Pod', name }, discriminator: id }),
    });

  it('one result per vulnerability (rule: the advisory id) with its package, fix and image', () => {
    const [report] = policyReports([vulnerable('DLA-3008-1', 'high', 'a'), vulnerable('DLA-3008-1', 'high', 'b'), vulnerable('DLA-3012-1', 'low', 'a'), finding('privileged', 'shop', 'a')], ['shop'], now);
    const results = report!.results as { policy: string; rule: string; resources: { name: string }[]; properties: Record<string, string> }[];
    assert.deepEqual(results.map((r) => `${r.policy} ${r.rule}`), ['privileged SKD-001', 'vulnerable-package DLA-3008-1', 'vulnerable-package DLA-3012-1']);
    assert.deepEqual(results[1]!.resources.map((r) => r.name), ['a', 'b']);
    assert.deepEqual(results[1]!.properties, { vulnerability: 'DLA-3008-1', packages: 'openssl 1.1.0l-1~deb9u5', fixed: '1.1.0l-1~deb9u6', images: 'registry.example/shop/app:1', findings: '2', resources: '2' });
  });

  it('bounded: the most severe vulnerabilities are listed one by one, one more result counts the rest', () => {
    const severities = ['critical', 'high', 'medium', 'low'] as const;
    const findings = Array.from({ length: 1000 }, (_, i) => vulnerable(`CVE-2026-${String(i).padStart(5, '0')}`, severities[i % 4]!, `pod-${i % 7}`));
    const [report] = policyReports(findings, ['shop'], now);
    const results = report!.results as { rule: string; severity: string; properties: Record<string, string> }[];
    assert.ok(JSON.stringify(report).length <= MAX_REPORT_BYTES);
    assert.equal(results.length, MAX_VULNERABILITY_RESULTS + 1);
    assert.ok(results.slice(0, MAX_VULNERABILITY_RESULTS).every((r) => r.severity === 'critical'));
    const rest = results.at(-1)!;
    assert.equal(rest.properties.vulnerabilitiesNotListed, String(1000 - MAX_VULNERABILITY_RESULTS));
    assert.equal(rest.properties.findings, String(1000 - MAX_VULNERABILITY_RESULTS));
  });
});
