import yaml from 'js-yaml';
import { createTwoFilesPatch } from 'diff';
import { SEVERITIES, type Finding } from '../core/finding.js';
import { EditError, editYamlDocument } from '../fix/yaml-edit.js';
import { KUBE_YAML_SCHEMA } from '../load/parse.js';
import { HTML_REPORT_SCRIPT, HTML_REPORT_STYLE } from './html-assets.js';
import { activeFindings, bySeverity, compliance, type ScanReport } from './model.js';

/** Findings whose fix is shown as a real YAML diff; beyond this the JSON Patch is shown. */
const MAX_FIX_DIFFS = 3000;
/** Lines of a source document carried into the report for its excerpt. */
const MAX_EXCERPT_LINES = 400;
/** Findings per embedded data chunk: the page parses chunk by chunk, never one huge blob. */
const CHUNK = 5000;
/** Source documents per embedded chunk. */
const DOCS_PER_CHUNK = 500;

/**
 * Share of resources with no active finding at high or critical: a posture figure a reader
 * can check by hand, not a black-box formula.
 */
export function postureScore(report: ScanReport): number {
  if (report.resources === 0) return 100;
  const bad = new Set<string>();
  for (const f of report.findings) {
    if (f.suppressed || (f.severity !== 'critical' && f.severity !== 'high')) continue;
    bad.add(`${f.resource.kind}/${f.resource.namespace ?? ''}/${f.resource.name}`);
  }
  return Math.round((100 * Math.max(0, report.resources - bad.size)) / report.resources);
}

function scriptJson(value: unknown, id: string): string {
  // `<` escaped so that no string in the data can close the script element.
  return `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

interface Tables {
  strings: string[];
  index: Map<string, number>;
}

function intern(tables: Tables, value: string | undefined): number {
  if (value === undefined) return -1;
  let i = tables.index.get(value);
  if (i === undefined) {
    i = tables.strings.length;
    tables.strings.push(value);
    tables.index.set(value, i);
  }
  return i;
}

function fixDiff(finding: Finding, source: { file: string; firstLine: number; text: string } | undefined): string | undefined {
  if (!finding.fix || !source) return undefined;
  try {
    const before = yaml.load(source.text, { schema: KUBE_YAML_SCHEMA });
    const after = editYamlDocument(source.text, [], finding.fix, before);
    return createTwoFilesPatch(source.file, source.file, source.text, after, undefined, undefined, { context: 2 })
      .split('\n')
      .slice(4)
      .join('\n');
  } catch (error) {
    // A fix that cannot be shown as a YAML edit (List items, flow style) is shown as its patch.
    if (error instanceof EditError) return undefined;
    throw error;
  }
}

/**
 * One self-contained HTML file: inline CSS and JavaScript, data embedded as JSON, no request to
 * any other host. Findings are virtualised in the page so tens of thousands stay responsive.
 */
export function* renderHtml(report: ScanReport): Generator<string> {
  const tables: Tables = { strings: [], index: new Map() };
  const docs: { file: string; firstLine: number; lines: string[] }[] = [];
  const docIndex = new Map<string, number>();
  const resources: [number, number, number, number, number][] = [];
  const resourceIndex = new Map<string, number>();
  const checkIds = new Map<string, number>();
  const checks: Record<string, unknown>[] = [];
  const checkOf = (f: Finding): number => {
    let i = checkIds.get(f.check);
    if (i === undefined) {
      i = checks.length;
      checkIds.set(f.check, i);
      checks.push({ id: f.check, code: f.code, title: f.title, category: f.category, remediation: f.remediation, frameworks: f.frameworks });
    }
    return i;
  };
  let diffs = 0;
  const rows: unknown[][] = [];
  for (const f of report.findings) {
    const source = report.sourceOf?.(f);
    let doc = -1;
    if (source) {
      const key = `${source.file}\u0000${source.firstLine}`;
      const known = docIndex.get(key);
      if (known !== undefined) doc = known;
      else {
        doc = docs.length;
        docIndex.set(key, doc);
        docs.push({ file: source.file, firstLine: source.firstLine, lines: source.text.split('\n').slice(0, MAX_EXCERPT_LINES) });
      }
    }
    const resourceKey = `${f.resource.kind}\u0000${f.resource.namespace ?? ''}\u0000${f.resource.name}\u0000${f.location.file ?? ''}`;
    let resource = resourceIndex.get(resourceKey);
    if (resource === undefined) {
      resource = resources.length;
      resourceIndex.set(resourceKey, resource);
      resources.push([intern(tables, f.resource.kind), intern(tables, f.resource.namespace), intern(tables, f.resource.name), intern(tables, f.location.file), doc]);
    }
    let fix: string | undefined;
    if (f.fix && diffs < MAX_FIX_DIFFS) {
      fix = fixDiff(f, source);
      if (fix !== undefined) diffs++;
    }
    if (fix === undefined && f.fix) fix = f.fix.map((op) => JSON.stringify(op)).join('\n');
    rows.push([
      checkOf(f),
      SEVERITIES.indexOf(f.severity),
      resource,
      f.location.rendered?.line ?? f.location.line ?? 0,
      f.message,
      intern(tables, f.location.path),
      f.suppressed ? [f.suppressed.by, f.suppressed.reason, f.suppressed.expires ?? '', f.suppressed.owner ?? ''] : 0,
      f.exceptionExpired ? f.exceptionExpired.expires : 0,
      fix ?? 0,
      f.fixSafety === 'unsafe' ? 1 : 0,
    ]);
  }
  const active = activeFindings(report.findings).length;
  const summary = {
    tool: report.tool,
    generated: new Date().toISOString(),
    resources: report.resources,
    findings: active,
    suppressed: report.findings.length - active,
    bySeverity: bySeverity(report.findings),
    score: postureScore(report),
    compliance: compliance(report.checks, report.findings).map((c) => ({ framework: c.framework, passed: c.passed, failed: c.failed })),
    errors: report.errors,
    chunks: Math.ceil(rows.length / CHUNK),
  };
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Stockade report</title>
<style>${HTML_REPORT_STYLE}</style>
</head>
<body>
<header><h1>Stockade report</h1><p class="meta">${escapeHtml(`${report.tool.name} ${report.tool.version}`)} · <span id="generated"></span></p></header>
<main id="app" aria-busy="true"><p>Loading…</p></main>
`;
  yield scriptJson(summary, 'summary');
  yield scriptJson({ strings: tables.strings, resources, checks, docsPerChunk: DOCS_PER_CHUNK }, 'tables');
  // Source documents are the bulk of a large report: they are parsed only when one is opened.
  for (let i = 0; i < docs.length; i += DOCS_PER_CHUNK) yield scriptJson(docs.slice(i, i + DOCS_PER_CHUNK), `docs-${i / DOCS_PER_CHUNK}`);
  for (let i = 0; i < rows.length; i += CHUNK) yield scriptJson(rows.slice(i, i + CHUNK), `chunk-${i / CHUNK}`);
  yield `<script>${HTML_REPORT_SCRIPT}</script>\n</body>\n</html>\n`;
}
