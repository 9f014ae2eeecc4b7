import type { Check } from '../core/check.js';
import { SEVERITIES, type Finding, type Severity } from '../core/finding.js';

export interface ReportError {
  file?: string;
  line?: number;
  message: string;
}

/** Everything a reporter may show: findings plus what was scanned and what went wrong. */
export interface ScanReport {
  tool: { name: 'stockade'; version: string };
  /** Objects analysed. */
  resources: number;
  /** Checks that ran (for SARIF rules, JUnit test cases and compliance). */
  checks: readonly Check[];
  /** Every finding, suppressed ones included (marked `suppressed`). */
  findings: Finding[];
  errors: ReportError[];
  notes: ReportError[];
  /** For JUnit: which resources each check examined. */
  examined?: { resource: { kind: string; namespace?: string; name: string; file?: string }; checks: string[] }[];
  /** Framework filter in effect (`--framework`). */
  framework?: string;
  /** The source document a finding's object came from, for excerpts (HTML report). */
  sourceOf?: (finding: Finding) => { file: string; firstLine: number; text: string } | undefined;
}

/**
 * Findings of a streamed scan, already encoded as JSON in report order: a large scan writes
 * them without keeping hundreds of thousands of finding objects alive.
 */
export interface EncodedFindings {
  readonly length: number;
  /** The i-th finding (report order) as an element of the findings array: `,\n    ` and its JSON text, a view of its encoded bytes. */
  elementOf(i: number): Uint8Array;
  /** Unsuppressed findings by severity. */
  readonly bySeverity: Record<Severity, number>;
  readonly suppressed: number;
  /** Unsuppressed findings per check id. */
  readonly failingByCheck: ReadonlyMap<string, number>;
}

/** A report whose findings were encoded as they were found (JSON output of a scan). */
export type StreamedScanReport = Omit<ScanReport, 'findings' | 'sourceOf'> & { encoded: EncodedFindings };

export function bySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppressed) counts[f.severity]++;
  return counts;
}

export function activeFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

export const FRAMEWORKS = ['pss', 'nsa', 'cis', 'mitre'] as const;
export type FrameworkName = (typeof FRAMEWORKS)[number];

export interface ControlResult {
  control: string;
  checks: string[];
  failed: number;
  passed: boolean;
}

export interface FrameworkCompliance {
  framework: FrameworkName;
  passed: number;
  failed: number;
  controls: ControlResult[];
}

function controlsOf(check: Check, framework: FrameworkName): string[] {
  const f = check.frameworks;
  switch (framework) {
    case 'pss':
      return f.pss ? [`${f.pss.level}: ${f.pss.control}`] : [];
    default:
      return f[framework] ?? [];
  }
}

/**
 * Controls passed and failed per framework: a control fails when any check mapped to it has
 * an unsuppressed finding, and passes when its checks ran and found nothing.
 */
export function compliance(checks: readonly Check[], findings: readonly Finding[]): FrameworkCompliance[] {
  return complianceOf(checks, failingByCheck(findings));
}

export function failingByCheck(findings: readonly Finding[]): Map<string, number> {
  const failing = new Map<string, number>();
  for (const f of findings) if (!f.suppressed) failing.set(f.check, (failing.get(f.check) ?? 0) + 1);
  return failing;
}

/** Compliance from the number of unsuppressed findings of each check. */
export function complianceOf(checks: readonly Check[], failing: ReadonlyMap<string, number>): FrameworkCompliance[] {
  return FRAMEWORKS.map((framework) => {
    const controls = new Map<string, ControlResult>();
    for (const check of checks) {
      for (const control of controlsOf(check, framework)) {
        let result = controls.get(control);
        if (!result) controls.set(control, (result = { control, checks: [], failed: 0, passed: true }));
        result.checks.push(check.id);
        const n = failing.get(check.id) ?? 0;
        result.failed += n;
        if (n > 0) result.passed = false;
      }
    }
    const list = [...controls.values()].sort((a, b) => a.control.localeCompare(b.control, 'en', { numeric: true }));
    return { framework, passed: list.filter((c) => c.passed).length, failed: list.filter((c) => !c.passed).length, controls: list };
  });
}

export function checkUsesFramework(check: Check, framework: FrameworkName): boolean {
  return controlsOf(check, framework).length > 0;
}
