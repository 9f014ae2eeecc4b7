import type { Check } from '../core/check.js';
import type { Finding, Severity } from '../core/finding.js';
import { describeRef } from '../core/k8s/object.js';
import { compliance, type ScanReport } from './model.js';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning reads `security-severity` (0-10) to rank alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

const INFORMATION_URI = 'https://github.com/stockade-dev/stockade';

function rule(check: Check) {
  const help = [check.docs.rationale, '', `Remediation: ${check.docs.remediation}`].join('\n');
  const markdown = [`**${check.title}**`, '', check.docs.rationale, '', `**Remediation:** ${check.docs.remediation}`, ...(check.docs.references ?? []).map((r) => `- ${r}`)].join('\n');
  const tags = ['security', 'kubernetes', check.category];
  if (check.frameworks.pss) tags.push(`pss-${check.frameworks.pss.level}`);
  for (const m of check.frameworks.mitre ?? []) tags.push(`mitre/${m}`);
  return {
    id: check.id,
    name: check.title.replace(/[^A-Za-z0-9]+/g, ' ').trim().replace(/ (\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: check.title },
    fullDescription: { text: check.description },
    help: { text: help, markdown },
    defaultConfiguration: { level: LEVELS[check.severity] },
    properties: { tags, 'security-severity': SECURITY_SEVERITY[check.severity], code: check.code },
  };
}

function result(finding: Finding, ruleIndex: number) {
  const physical: Record<string, unknown> = { artifactLocation: { uri: toUri(finding.location.file ?? 'manifest') } };
  if (finding.location.line !== undefined) physical.region = { startLine: finding.location.line };
  const out: Record<string, unknown> = {
    ruleId: finding.check,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: physical,
        logicalLocations: [{ name: finding.resource.name, fullyQualifiedName: describeRef(finding.resource), kind: 'resource' }],
      },
    ],
    partialFingerprints: { 'stockade/v1': finding.fingerprint },
    properties: { severity: finding.severity, ...(finding.location.path ? { path: finding.location.path } : {}) },
  };
  if (finding.suppressed) {
    out.suppressions = [{ kind: finding.suppressed.by === 'annotation' ? 'inSource' : 'external', justification: finding.suppressed.reason }];
  }
  return out;
}

function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** SARIF 2.1.0: rules from check metadata, frameworks as taxonomies, results with regions. */
export function* renderSarif(report: ScanReport): Generator<string> {
  const checks = [...report.checks];
  const known = new Set(checks.map((c) => c.id));
  const index = new Map(checks.map((c, i) => [c.id, i]));
  // Findings from checks outside the selection (e.g. produced by another analyser) still need a rule.
  for (const f of report.findings) {
    if (!known.has(f.check)) {
      known.add(f.check);
      index.set(f.check, checks.length);
      checks.push({
        id: f.check,
        code: f.code,
        title: f.title,
        description: f.title,
        severity: f.severity,
        category: f.category as Check['category'],
        frameworks: f.frameworks,
        docs: { rationale: f.title, remediation: f.remediation },
        messages: { finding: f.message },
        scope: 'inventory',
        check: () => [],
      });
    }
  }
  const taxonomies = compliance(checks, report.findings)
    .filter((c) => c.controls.length > 0)
    .map((c) => ({
      name: c.framework.toUpperCase(),
      guid: undefined,
      organization: { pss: 'Kubernetes', nsa: 'NSA/CISA', cis: 'CIS', mitre: 'MITRE' }[c.framework],
      shortDescription: { text: `${c.framework.toUpperCase()}: ${c.passed} controls passed, ${c.failed} failed` },
      taxa: c.controls.map((control) => ({
        id: control.control,
        shortDescription: { text: control.control },
        properties: { passed: control.passed, failedFindings: control.failed, checks: control.checks },
      })),
    }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stockade',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules: checks.map(rule),
          },
        },
        taxonomies: taxonomies.map(({ guid: _guid, ...t }) => t),
        results: report.findings.map((f) => result(f, index.get(f.check)!)),
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              ...(e.file
                ? { locations: [{ physicalLocation: { artifactLocation: { uri: toUri(e.file) }, ...(e.line ? { region: { startLine: e.line } } : {}) } }] }
                : {}),
            })),
          },
        ],
      },
    ],
  };
  yield JSON.stringify(log, null, 2) + '\n';
}
