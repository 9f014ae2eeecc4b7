import type { ResourceRef } from '../core/finding.js';
import { describeRef } from '../core/k8s/object.js';
import { formatConnections, isEmpty } from '../network/index.js';
import { table } from '../rbac/format.js';
import { SEVERITIES } from '../core/finding.js';
import type { ClusterDiff, NewImageVulnerabilities, ObjectChange } from './diff.js';

export const CLUSTER_DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
export type ClusterDiffFormat = (typeof CLUSTER_DIFF_FORMATS)[number];

/** Counts a reviewer reads first. */
export function diffSummary(diff: ClusterDiff): Record<string, number> {
  return {
    added: diff.objects.filter((o) => o.change === 'added').length,
    changed: diff.objects.filter((o) => o.change === 'changed').length,
    newGrants: diff.grants.length,
    newEscalationPaths: diff.escalations.length,
    admission: diff.admission.length,
    crds: diff.crds.length,
    connectionsOpened: diff.network.filter((c) => !isEmpty(c.opened)).length,
    connectionsClosed: diff.network.filter((c) => !isEmpty(c.closed)).length,
    newImages: diff.images.length,
    newImageVulnerabilities: diff.images.reduce((n, i) => n + (i.vulnerabilities?.total ?? 0), 0),
    newFindings: diff.findings.added.length,
    resolvedFindings: diff.findings.resolved.length,
  };
}

/** `2 critical, 1 low`, `none`, or why the image was not checked. */
function vulnerabilityCounts(v: NewImageVulnerabilities | undefined): string {
  if (!v) return 'not checked (give --db FILE or --images)';
  if (!v.checked) return `not checked: ${v.reason ?? 'unknown reason'}`;
  if (v.total === 0) return 'none known';
  return SEVERITIES.filter((s) => v.bySeverity[s] > 0)
    .map((s) => `${v.bySeverity[s]} ${s}`)
    .join(', ');
}

function ref(r: ResourceRef): string {
  return describeRef(r);
}

function objectRow(o: ObjectChange): string[] {
  return [o.change, ref(o.resource), o.fields.slice(0, 4).join(', ') + (o.fields.length > 4 ? ', …' : ''), `${o.file}:${o.line}`];
}

interface Section {
  title: string;
  header: string[];
  rows: string[][];
}

function sections(diff: ClusterDiff): Section[] {
  return [
    { title: 'Objects', header: ['CHANGE', 'OBJECT', 'FIELDS', 'MANIFEST'], rows: diff.objects.map(objectRow) },
    { title: 'New RBAC grants', header: ['CAPABILITY', 'SUBJECT', 'SCOPE', 'VIA'], rows: diff.grants.map((g) => [g.capability, g.subject, g.scope, g.via]) },
    { title: 'New escalation paths', header: ['SUBJECT', 'REACHES', 'STEPS'], rows: diff.escalations.map((e) => [e.subject, e.target, String(e.steps)]) },
    { title: 'Admission webhooks and policies', header: ['CHANGE', 'OBJECT', 'FIELDS', 'MANIFEST'], rows: diff.admission.map(objectRow) },
    { title: 'Custom resource definitions', header: ['CHANGE', 'OBJECT', 'FIELDS', 'MANIFEST'], rows: diff.crds.map(objectRow) },
    {
      title: 'Network connectivity',
      header: ['SOURCE', 'DESTINATION', 'OPENED', 'CLOSED'],
      rows: diff.network.map((c) => [c.source, c.destination, isEmpty(c.opened) ? '' : formatConnections(c.opened), isEmpty(c.closed) ? '' : formatConnections(c.closed)]),
    },
    { title: 'New images', header: ['IMAGE', 'USED BY', 'VULNERABILITIES'], rows: diff.images.map((i) => [i.image, i.workloads.join(', '), vulnerabilityCounts(i.vulnerabilities)]) },
    {
      title: 'Top vulnerabilities of new images',
      header: ['IMAGE', 'SEVERITY', 'ID', 'PACKAGE', 'INSTALLED', 'FIXED'],
      rows: diff.images.flatMap((i) => (i.vulnerabilities?.top ?? []).map((v) => [i.image, v.severity, v.id, v.package, v.installed, v.fixed ?? '-'])),
    },
    {
      title: 'New findings',
      header: ['SEVERITY', 'CHECK', 'OBJECT', 'MESSAGE'],
      rows: diff.findings.added.map((f) => [f.severity, f.check, ref(f.resource), f.message]),
    },
    {
      title: 'Resolved findings',
      header: ['SEVERITY', 'CHECK', 'OBJECT', 'MESSAGE'],
      rows: diff.findings.resolved.map((f) => [f.severity, f.check, ref(f.resource), f.message]),
    },
  ];
}

export function formatClusterDiff(diff: ClusterDiff, format: ClusterDiffFormat): string {
  if (format === 'json') {
    return `${JSON.stringify(
      {
        schemaVersion: 1,
        summary: diffSummary(diff),
        objects: diff.objects,
        grants: diff.grants,
        escalations: diff.escalations,
        admission: diff.admission,
        crds: diff.crds,
        network: diff.network.map((c) => ({ source: c.source, destination: c.destination, change: c.change, opened: isEmpty(c.opened) ? '' : formatConnections(c.opened), closed: isEmpty(c.closed) ? '' : formatConnections(c.closed) })),
        images: diff.images.map((i) => ({ ...i, vulnerabilities: i.vulnerabilities ?? { checked: false, reason: 'no vulnerability database given (--db FILE or --images)' } })),
        findings: diff.findings,
      },
      null,
      2,
    )}\n`;
  }
  const summary = diffSummary(diff);
  const summaryLine = `${summary.added} added, ${summary.changed} changed; ${summary.newGrants} new grants, ${summary.newEscalationPaths} new escalation paths, ${summary.admission} admission changes, ${summary.crds} CRDs, ${summary.connectionsOpened} connections opened, ${summary.newImages} new images${diff.images.some((i) => i.vulnerabilities?.checked) ? ` (${summary.newImageVulnerabilities} known vulnerabilities)` : ''}, ${summary.newFindings} new findings (${summary.resolvedFindings} resolved)`;
  const parts: string[] = [];
  if (format === 'markdown') {
    parts.push(`## What this apply changes\n\n${summaryLine}\n`);
    for (const s of sections(diff)) {
      if (s.rows.length === 0) continue;
      const esc = (c: string) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
      parts.push(`\n### ${s.title}\n\n| ${s.header.join(' | ')} |\n|${s.header.map(() => ' --- |').join('')}\n${s.rows.map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n')}\n`);
    }
    return parts.join('');
  }
  for (const s of sections(diff)) {
    if (s.rows.length === 0) continue;
    parts.push(`${s.title}\n${table(s.header, s.rows)}\n`);
  }
  parts.push(`${summaryLine}\n`);
  return parts.join('');
}
