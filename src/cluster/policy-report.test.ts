import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprintOf, type Finding } from '../core/finding.js';
import { MAX_REPORT_BYTES, MAX_RESOURCES_PER_RESULT, policyReports } from './policy-report.js';

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
});
