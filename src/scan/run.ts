import { readFileSync } from 'node:fs';
import type { AnalysisOptions, Check } from '../core/check.js';
import type { StockadeConfig } from '../core/config.js';
import { analyze, type AnalysisProblem } from '../core/engine.js';
import { InputError } from '../core/errors.js';
import { sortFindings, type Finding } from '../core/finding.js';
import { isRecord, refOf } from '../core/k8s/object.js';
import type { LoadResult } from '../load/index.js';
import { locatedIn, mergeParts, StreamedFindings } from './streamed.js';
import type { ReportError, ScanReport, StreamedScanReport } from '../report/model.js';

export interface ScanSettings {
  checks: readonly Check[];
  config: StockadeConfig;
  options: AnalysisOptions;
  /** Fingerprints of an earlier report: findings already known are left out. */
  baseline?: ReadonlySet<string>;
  version: string;
  framework?: string;
  /** Record which checks examined which resource (JUnit). */
  examined?: boolean;
}

/** Analyses a loaded inventory and assembles the report: the one pipeline every surface uses. */
export function scanLoaded(loaded: LoadResult, settings: ScanSettings): ScanReport {
  const result = analyze(loaded.inventory, settings.checks, settings.options, settings.config);
  const findings: Finding[] = [];
  type Source = { file: string; firstLine: number; text: string };
  // One source per document, shared by its findings; a Map, not a WeakMap: the report holds
  // every finding anyway, and hundreds of thousands of weak keys burden the garbage collector.
  const sources = new Map<Finding, Source>();
  const documentSources = new Map<number, Source>();
  result.findings.forEach((finding, i) => {
    const entry = result.entries[i];
    if (entry) {
      const document = entry.origin.document;
      if (document) {
        let source = documentSources.get(entry.id);
        if (!source) documentSources.set(entry.id, (source = { file: entry.origin.file, firstLine: document.firstLine, text: document.text }));
        sources.set(finding, source);
      }
      finding.location = locatedIn(entry, result.paths[i], finding.location.path);
    }
    if (settings.baseline?.has(finding.fingerprint)) return;
    findings.push(finding);
  });
  sortFindings(findings);
  const report: ScanReport = { ...reportFrame(loaded, settings, result.problems), findings, sourceOf: (finding) => sources.get(finding) };
  if (settings.examined) report.examined = examinedBy(loaded, settings.checks);
  return report;
}

/**
 * The same analysis and report, each finding located and encoded as JSON the moment it is
 * made: for JSON output, where a large scan would otherwise keep every finding object alive.
 */
export function scanLoadedStreamed(loaded: LoadResult, settings: ScanSettings): StreamedScanReport {
  const findings = new StreamedFindings(settings.baseline);
  const result = analyze(loaded.inventory, settings.checks, settings.options, settings.config, { sink: findings.sink });
  return { ...reportFrame(loaded, settings, result.problems), encoded: mergeParts([findings.part()]) };
}

/** Everything of a report but its findings. */
export function reportFrame(loaded: LoadResult, settings: ScanSettings, problems: readonly AnalysisProblem[]): Omit<ScanReport, 'findings'> {
  const errors: ReportError[] = loaded.errors.map((e) => ({ ...e }));
  for (const problem of problems) {
    const error: ReportError = { message: problem.message };
    if (problem.entry) {
      error.file = problem.entry.origin.file;
      error.line = problem.entry.origin.line;
    }
    errors.push(error);
  }
  const frame: Omit<ScanReport, 'findings'> = {
    tool: { name: 'stockade', version: settings.version },
    resources: loaded.inventory.size,
    checks: settings.checks,
    errors,
    notes: loaded.notes.map((n) => ({ ...n })),
  };
  if (settings.framework) frame.framework = settings.framework;
  return frame;
}

function examinedBy(loaded: LoadResult, checks: readonly Check[]): NonNullable<ScanReport['examined']> {
  return loaded.inventory.entries.map((entry) => {
    const isWorkload = loaded.inventory.workloadOf(entry) !== undefined;
    const ids = checks
      .filter((c) => (c.scope === 'workload' && isWorkload) || (c.scope === 'object' && c.kinds.includes(entry.object.kind)))
      .map((c) => c.id);
    const ref = refOf(entry.object);
    return { resource: { kind: ref.kind, namespace: ref.namespace, name: ref.name, file: entry.origin.helmSource ?? entry.origin.file }, checks: ids };
  });
}

/** Fingerprints from an earlier JSON report (`--baseline`). */
export function readBaseline(file: string): Set<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(file, undefined, `cannot read baseline: ${(error as NodeJS.ErrnoException).code ?? 'not a JSON report'}`);
  }
  if (!isRecord(raw) || raw.schemaVersion !== 1 || !Array.isArray(raw.findings)) {
    throw new InputError(file, undefined, 'not a Stockade JSON report (schemaVersion 1)');
  }
  const fingerprints = new Set<string>();
  for (const f of raw.findings) if (isRecord(f) && typeof f.fingerprint === 'string') fingerprints.add(f.fingerprint);
  return fingerprints;
}
