import { describeRef } from '../core/k8s/object.js';
import type { Finding } from '../core/finding.js';
import type { ScanReport } from './model.js';

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    // XML 1.0 cannot carry most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/**
 * JUnit XML for CI dashboards: one test suite per resource, one test case per check that
 * examined it; findings are failures, suppressed findings are skipped with their reason.
 */
export function* renderJunit(report: ScanReport): Generator<string> {
  const findingsBy = new Map<string, Finding[]>();
  const keyOf = (resource: string, check: string) => `${resource}\u0000${check}`;
  for (const f of report.findings) {
    const key = keyOf(describeRef(f.resource), f.check);
    let list = findingsBy.get(key);
    if (!list) findingsBy.set(key, (list = []));
    list.push(f);
  }
  const suites = new Map<string, { file?: string; checks: Set<string> }>();
  for (const e of report.examined ?? []) {
    const name = describeRef({ apiVersion: '', ...e.resource });
    let suite = suites.get(name);
    if (!suite) suites.set(name, (suite = { file: e.resource.file, checks: new Set() }));
    for (const c of e.checks) suite.checks.add(c);
  }
  // Cross-object findings may concern resources no per-object check examined.
  for (const f of report.findings) {
    const name = describeRef(f.resource);
    let suite = suites.get(name);
    if (!suite) suites.set(name, (suite = { file: f.location.file, checks: new Set() }));
    suite.checks.add(f.check);
  }
  const total = [...suites.values()].reduce((n, s) => n + s.checks.size, 0);
  const failures = report.findings.filter((f) => !f.suppressed).length;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="stockade" tests="${total}" failures="${failures}" errors="${report.errors.length}">\n`;
  for (const [name, suite] of suites) {
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const check of [...suite.checks].sort()) {
      const found = findingsBy.get(keyOf(name, check)) ?? [];
      const active = found.filter((f) => !f.suppressed);
      const attrs = `name="${xml(check)}" classname="${xml(name)}"${suite.file ? ` file="${xml(suite.file)}"` : ''}`;
      if (active.length > 0) {
        suiteFailures++;
        const body = active.map((f) => `${f.severity.toUpperCase()} ${f.location.file ?? ''}${f.location.line !== undefined ? `:${f.location.line}` : ''} ${f.message}`).join('\n');
        cases.push(`    <testcase ${attrs}>\n      <failure message="${xml(active[0]!.message)}" type="${xml(active[0]!.severity)}">${xml(body)}</failure>\n    </testcase>\n`);
      } else if (found.length > 0) {
        cases.push(`    <testcase ${attrs}>\n      <skipped message="${xml(`suppressed: ${found[0]!.suppressed!.reason}`)}"/>\n    </testcase>\n`);
      } else {
        cases.push(`    <testcase ${attrs}/>\n`);
      }
    }
    yield `  <testsuite name="${xml(name)}" tests="${suite.checks.size}" failures="${suiteFailures}">\n${cases.join('')}  </testsuite>\n`;
  }
  if (report.errors.length > 0) {
    yield `  <testsuite name="input" tests="${report.errors.length}" errors="${report.errors.length}">\n`;
    for (const e of report.errors) {
      const where = `${e.file ?? ''}${e.line !== undefined ? `:${e.line}` : ''}`;
      yield `    <testcase name="${xml(where)}" classname="input"><error message="${xml(e.message)}"/></testcase>\n`;
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}
