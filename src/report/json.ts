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
    batch.push((first ? '\n    ' : ',\n    ') + JSON.stringify(finding));
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
