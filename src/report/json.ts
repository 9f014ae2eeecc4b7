import { FindingEncoder } from './finding-encoder.js';
import { activeFindings, bySeverity, complianceOf, failingByCheck, type EncodedFindings, type ScanReport, type StreamedScanReport } from './model.js';

export const SCHEMA_VERSION = 1;

/**
 * The public JSON contract (schema version 1, ARCHITECTURE §4). Produced in chunks so that a
 * report with hundreds of thousands of findings never becomes one giant string.
 */
export function* renderJson(report: ScanReport | StreamedScanReport): Generator<string | Uint8Array> {
  const encoded = 'encoded' in report ? report.encoded : encodeAll(report);
  const header = {
    schemaVersion: SCHEMA_VERSION,
    tool: report.tool,
    summary: {
      resources: report.resources,
      findings: encoded.length - encoded.suppressed,
      suppressed: encoded.suppressed,
      bySeverity: encoded.bySeverity,
    },
  };
  const head = JSON.stringify(header, null, 2);
  yield head.slice(0, -2) + ',\n  "findings": [';
  yield* findingPieces(encoded);
  const tail = {
    errors: report.errors,
    notes: report.notes,
    compliance: complianceOf(report.checks, encoded.failingByCheck).map((c) => ({
      framework: c.framework,
      passed: c.passed,
      failed: c.failed,
      controls: c.controls,
    })),
  };
  const tailText = JSON.stringify(tail, null, 2);
  yield (encoded.length > 0 ? '\n  ],\n' : '],\n') + tailText.slice(2) + '\n';
}

/** The findings' JSON, one per line: views of their encoded bytes, never copied together. */
function* findingPieces(encoded: EncodedFindings): Generator<Uint8Array> {
  // The first finding's separator is the others' without the comma.
  if (encoded.length > 0) yield encoded.elementOf(0).subarray(1);
  for (let i = 1; i < encoded.length; i++) yield encoded.elementOf(i);
}

/** Encodes a report's findings in their order. */
function encodeAll(report: ScanReport): EncodedFindings {
  const encoder = new FindingEncoder();
  for (const finding of report.findings) encoder.encode(finding);
  const active = activeFindings(report.findings).length;
  return {
    length: encoder.length,
    elementOf: (i) => encoder.elementOf(i),
    bySeverity: bySeverity(report.findings),
    suppressed: report.findings.length - active,
    failingByCheck: failingByCheck(report.findings),
  };
}
