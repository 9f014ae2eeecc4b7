import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../core/finding.js';
import { renderJson } from './json.js';
import type { ScanReport } from './model.js';

const frameworks = { nsa: ['Pod security'], cis: ['5.2.1'] };
const resource = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };

function finding(overrides: Partial<Finding>): Finding {
  return {
    check: 'privileged-container',
    code: 'SKD-101',
    severity: 'high',
    category: 'pod-security',
    title: 'Privileged "container"',
    message: 'Container "app" sets securityContext.privileged=true.\nSecond line \u2028 é',
    resource,
    location: { file: 'deploy/web.yaml', line: 27, path: 'spec.template.spec.containers[0].securityContext.privileged' },
    frameworks,
    remediation: 'Remove privileged: true.',
    fingerprint: '0123456789abcdef0123456789abcdef',
    ...overrides,
  };
}

describe('JSON report', () => {
  it('writes each finding exactly as JSON.stringify would, whatever its shape', () => {
    const findings: Finding[] = [
      finding({}),
      finding({ severity: 'critical' }),
      finding({ title: 'Other title', remediation: 'Other "remedy"' }),
      finding({ frameworks: { mitre: ['T1611'] } }),
      finding({ location: { file: 'deploy/web.yaml', line: 3 } }),
      finding({ location: { path: 'spec.x' } }),
      finding({ location: {} }),
      finding({ location: { line: 4, file: 'swapped-order.yaml' } }),
      finding({ location: { file: 'templates/web.yaml', line: 2, rendered: { file: 'out.yaml', line: 40 }, path: 'spec' } }),
      finding({ location: { file: 'b\\"quoted".yaml', line: 1, path: 'a' } }),
      finding({ container: 'app', fix: [{ op: 'replace', path: '/spec/privileged', value: false }], fixSafety: 'safe' }),
      finding({ suppressed: { by: 'annotation', reason: 'legacy', expires: '2030-01-01' }, subject: { kind: 'User', name: 'x' }, unused: undefined }),
      finding({ check: 'host-ports', resource: { apiVersion: 'v1', kind: 'Pod', name: 'p' } }),
    ];
    const report: ScanReport = { tool: { name: 'stockade', version: '0' }, resources: 1, checks: [], findings, errors: [], notes: [] };
    const text = [...renderJson(report)].join('');
    const parsed = JSON.parse(text) as { findings: unknown[] };
    assert.deepEqual(parsed.findings, JSON.parse(JSON.stringify(findings)));
    const expected = findings.map((f) => JSON.stringify(f));
    for (const line of expected) assert.ok(text.includes(line), `finding text differs from JSON.stringify: ${line}`);
  });
});
