import { describeRef } from '../core/k8s/object.js';
import { SEVERITIES } from '../core/finding.js';
import { activeFindings, bySeverity, compliance, type ScanReport } from './model.js';

const ICONS: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A pull-request comment: summary, compliance and a findings table, most severe first. */
export function* renderMarkdown(report: ScanReport): Generator<string> {
  const counts = bySeverity(report.findings);
  const active = activeFindings(report.findings);
  yield `## Stockade scan\n\n`;
  yield `**${active.length} finding${active.length === 1 ? '' : 's'}** in ${report.resources} resources`;
  const suppressed = report.findings.length - active.length;
  if (suppressed > 0) yield `, ${suppressed} suppressed by exceptions`;
  yield '.\n\n| Severity | Count |\n| --- | ---: |\n';
  for (const s of SEVERITIES) yield `| ${ICONS[s]} ${s} | ${counts[s]} |\n`;
  const frameworks = compliance(report.checks, report.findings).filter((c) => c.controls.length > 0);
  if (frameworks.length > 0) {
    yield '\n| Framework | Controls passed | Controls failed |\n| --- | ---: | ---: |\n';
    for (const c of frameworks) yield `| ${c.framework.toUpperCase()} | ${c.passed} | ${c.failed} |\n`;
  }
  if (active.length > 0) {
    yield '\n| Severity | Check | Resource | Location | Message |\n| --- | --- | --- | --- | --- |\n';
    for (const f of active) {
      const location = f.location.file ? `${f.location.file}${f.location.line !== undefined ? `:${f.location.line}` : ''}` : '';
      yield `| ${ICONS[f.severity]} ${f.severity} | \`${f.check}\` | ${cell(describeRef(f.resource))} | ${cell(location)} | ${cell(f.message)} |\n`;
    }
  }
  if (report.errors.length > 0) {
    yield '\n### Input errors\n\n';
    for (const e of report.errors) yield `- ${cell(e.file ?? '')}${e.line !== undefined ? `:${e.line}` : ''}: ${cell(e.message)}\n`;
  }
}
