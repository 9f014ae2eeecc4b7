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
 * JSON.stringify of a finding. The fields every finding of a check shares (code, severity,
 * category, title, frameworks, remediation) are encoded once per check as the text before the
 * message and the text before the fingerprint: they are nearly half of a large report.
 */
function stringifyFinding(f: Finding): string {
  const shared = sharedFragments(f);
  let out =
    shared.head + JSON.stringify(f.message) + ',"resource":' + cachedObject(f.resource) + ',"location":' + stringifyLocation(f.location) + shared.tail + f.fingerprint + '"';
  for (const key in f) {
    if (KNOWN_KEYS.has(key)) continue;
    const value = f[key];
    if (value === undefined) continue;
    out += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  return out + '}';
}

interface SharedFragments {
  source: Pick<Finding, 'code' | 'severity' | 'category' | 'title' | 'frameworks' | 'remediation'>;
  head: string;
  tail: string;
}

const fragments = new Map<string, SharedFragments>();
function sharedFragments(f: Finding): SharedFragments {
  let shared = fragments.get(f.check);
  const s = shared?.source;
  // A severity override or an analyser's own finding may differ from the check's usual fields.
  if (shared === undefined || s!.code !== f.code || s!.severity !== f.severity || s!.category !== f.category || s!.title !== f.title || s!.frameworks !== f.frameworks || s!.remediation !== f.remediation) {
    shared = {
      source: { code: f.code, severity: f.severity, category: f.category, title: f.title, frameworks: f.frameworks, remediation: f.remediation },
      head:
        `{"check":${JSON.stringify(f.check)},"code":${JSON.stringify(f.code)},"severity":${JSON.stringify(f.severity)}` +
        `,"category":${JSON.stringify(f.category)},"title":${JSON.stringify(f.title)},"message":`,
      tail: `,"frameworks":${JSON.stringify(f.frameworks)},"remediation":${JSON.stringify(f.remediation)},"fingerprint":"`,
    };
    if (fragments.size < 10_000) fragments.set(f.check, shared);
  }
  return shared;
}

const fileFragments = new Map<string, string>();
/** Same text as JSON.stringify for the usual `{file, line, path?}` location, the file encoded once. */
function stringifyLocation(location: Finding['location']): string {
  const { file, line, path } = location;
  if (file === undefined || line === undefined || !hasUsualKeys(location)) return JSON.stringify(location);
  let head = fileFragments.get(file);
  if (head === undefined) {
    head = `{"file":${JSON.stringify(file)},"line":`;
    if (fileFragments.size < 10_000) fileFragments.set(file, head);
  }
  return path === undefined ? head + line + '}' : head + line + ',"path":' + JSON.stringify(path) + '}';
}

const USUAL_LOCATION_KEYS = ['file', 'line', 'path'];
/** Keys exactly `file`, `line` and optionally `path`, in that order (so the text equals JSON.stringify's). */
function hasUsualKeys(location: Finding['location']): boolean {
  let i = 0;
  for (const key in location) if (key !== USUAL_LOCATION_KEYS[i++]) return false;
  return i >= 2;
}

const objects = new WeakMap<object, string>();
function cachedObject(value: object): string {
  let encoded = objects.get(value);
  if (encoded === undefined) objects.set(value, (encoded = JSON.stringify(value)));
  return encoded;
}
