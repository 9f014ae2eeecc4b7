import { describeRef } from '../core/k8s/object.js';
import { SEVERITIES, type Finding, type Severity } from '../core/finding.js';
import { activeFindings, bySeverity, compliance, type ScanReport } from './model.js';

export interface TableOptions {
  color: boolean;
  /** Show suppressed findings too (with their reason). */
  showSuppressed?: boolean;
}

const COLORS: Record<Severity, string> = {
  critical: '\x1b[1;97;41m',
  high: '\x1b[1;31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';

/** Findings grouped by resource, most severe first, with a summary line. */
export function* renderTable(report: ScanReport, options: TableOptions): Generator<string> {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const shown = options.showSuppressed ? report.findings : activeFindings(report.findings);
  const groups = new Map<string, Finding[]>();
  for (const f of shown) {
    const key = `${f.location.file ?? ''}\u0000${describeRef(f.resource)}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(f);
  }
  const width = Math.max(...SEVERITIES.map((s) => s.length));
  for (const [key, findings] of groups) {
    const [file, resource] = key.split('\u0000');
    yield `${paint(BOLD, resource!)}${file ? paint(DIM, `  ${file}`) : ''}\n`;
    for (const f of findings) {
      const label = paint(COLORS[f.severity], f.severity.toUpperCase().padEnd(width));
      const where = f.location.line !== undefined ? paint(DIM, ` (line ${f.location.line})`) : '';
      const suppressed = f.suppressed ? paint(DIM, ` [suppressed: ${f.suppressed.reason}]`) : '';
      const expired = f.exceptionExpired ? paint(DIM, ` [exception expired ${f.exceptionExpired.expires}]`) : '';
      yield `  ${label}  ${f.check}${where}  ${f.message}${suppressed}${expired}\n`;
    }
    yield '\n';
  }
  for (const e of report.errors) yield `${paint(COLORS.high, 'error')}: ${locationText(e)}${e.message}\n`;
  const counts = bySeverity(report.findings);
  const active = activeFindings(report.findings).length;
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => paint(COLORS[s], `${counts[s]} ${s}`));
  const suppressed = report.findings.length - active;
  let summary = `${active} finding${active === 1 ? '' : 's'}`;
  if (parts.length > 0) summary += ` (${parts.join(', ')})`;
  summary += ` in ${report.resources} resource${report.resources === 1 ? '' : 's'}`;
  if (suppressed > 0) summary += `, ${suppressed} suppressed`;
  if (report.errors.length > 0) summary += `, ${report.errors.length} input error${report.errors.length === 1 ? '' : 's'}`;
  if (report.framework) {
    const c = compliance(report.checks, report.findings).find((x) => x.framework === report.framework);
    if (c) summary += `\n${report.framework.toUpperCase()} compliance: ${c.passed} controls passed, ${c.failed} failed`;
  }
  yield `${summary}\n`;
}

function locationText(e: { file?: string; line?: number }): string {
  if (!e.file) return '';
  return e.line !== undefined ? `${e.file}:${e.line}: ` : `${e.file}: `;
}
