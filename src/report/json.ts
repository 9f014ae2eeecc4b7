import type { Finding } from '../core/finding.js';
import { activeFindings, bySeverity, compliance, type ScanReport } from './model.js';

export const SCHEMA_VERSION = 1;

/**
 * The public JSON contract (schema version 1, ARCHITECTURE §4). Produced in chunks so that a
 * report with hundreds of thousands of findings never becomes one giant string.
 */
export function* renderJson(report: ScanReport): Generator<string> {
  const header = {
    schemaVersion: SCHEMA_VERSION,
    tool: report.tool,
    summary: {
      resources: report.resources,
      findings: activeFindings(report.findings).length,
      suppressed: report.findings.length - activeFindings(report.findings).length,
      bySeverity: bySeverity(report.findings),
    },
  };
  const head = JSON.stringify(header, null, 2);
  yield head.slice(0, -2) + ',\n  "findings": [';
  const batch: string[] = [];
  let first = true;
  for (const finding of report.findings) {
    batch.push((first ? '\n    ' : ',\n    ') + stringifyFinding(finding));
    first = false;
    if (batch.length >= 1000) {
      yield batch.join('');
      batch.length = 0;
    }
  }
  if (batch.length > 0) yield batch.join('');
  const tail = {
    errors: report.errors,
    notes: report.notes,
    compliance: compliance(report.checks, report.findings).map((c) => ({
      framework: c.framework,
      passed: c.passed,
      failed: c.failed,
      controls: c.controls,
    })),
  };
  const tailText = JSON.stringify(tail, null, 2);
  yield (report.findings.length > 0 ? '\n  ],\n' : '],\n') + tailText.slice(2) + '\n';
}

const KNOWN_KEYS = new Set(['check', 'code', 'severity', 'category', 'title', 'message', 'resource', 'location', 'frameworks', 'remediation', 'fingerprint']);

/**
 * JSON.stringify of a finding, with the parts every finding of a check shares (title,
 * frameworks, remediation) encoded once per check rather than once per finding.
 */
function stringifyFinding(f: Finding): string {
  let out =
    `{"check":${cachedString(f.check)},"code":${cachedString(f.code)},"severity":"${f.severity}","category":${cachedString(f.category)}` +
    `,"title":${cachedString(f.title)},"message":${JSON.stringify(f.message)},"resource":${cachedObject(f.resource)}` +
    `,"location":${JSON.stringify(f.location)},"frameworks":${cachedObject(f.frameworks)},"remediation":${cachedString(f.remediation)}` +
    `,"fingerprint":"${f.fingerprint}"`;
  for (const key in f) {
    if (KNOWN_KEYS.has(key)) continue;
    const value = f[key];
    if (value === undefined) continue;
    out += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  return out + '}';
}

const strings = new Map<string, string>();
function cachedString(value: string): string {
  let encoded = strings.get(value);
  if (encoded === undefined) {
    encoded = JSON.stringify(value);
    if (strings.size < 10_000) strings.set(value, encoded);
  }
  return encoded;
}

const objects = new WeakMap<object, string>();
function cachedObject(value: object): string {
  let encoded = objects.get(value);
  if (encoded === undefined) objects.set(value, (encoded = JSON.stringify(value)));
  return encoded;
}
