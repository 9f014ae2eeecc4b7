import { DUTIES, type DutiesReport, type DutyHolding } from './duties.js';
import type { ConflictHolder } from './conflicts.js';
import { actionCount, pathJson, type EscalationPath } from './paths.js';
import { describeGrant, grantJson, scopeOf, subjectJson, type SubjectAccess, type SubjectPermissions } from './query.js';
import { compareText, describeSubject, subjectKey, type Subject } from './subject.js';

export const WHO_CAN_FORMATS = ['table', 'json'] as const;
export const DUTIES_FORMATS = ['markdown', 'html', 'csv', 'json'] as const;
export type DutiesFormat = (typeof DUTIES_FORMATS)[number];

/** Aligned columns, two spaces apart; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function formatWhoCan(subjects: SubjectAccess[], format: 'table' | 'json'): string {
  if (format === 'json') {
    const json = subjects.map((s) => ({
      ...subjectJson(s.subject),
      via: s.builtin ? [{ builtin: s.builtin }, ...s.grants.map(grantJson)] : s.grants.map(grantJson),
    }));
    return JSON.stringify({ subjects: json }, null, 2) + '\n';
  }
  const rows: string[][] = [];
  for (const s of subjects) {
    const via = [...(s.builtin ? [s.builtin] : []), ...s.grants.map((g) => `${describeGrant(g)} (${scopeOf(g)})`)];
    via.forEach((v, i) => rows.push(i === 0 ? [s.subject.kind, s.subject.name, s.subject.namespace ?? '', v] : ['', '', '', v]));
  }
  return table(['KIND', 'NAME', 'NAMESPACE', 'VIA'], rows);
}

export function formatPermissions(permissions: SubjectPermissions, format: 'table' | 'json'): string {
  const sorted = [...permissions.grants].sort(
    (a, b) => compareText(a.grant.namespace ?? '', b.grant.namespace ?? '') || compareText(describeGrant(a.grant), describeGrant(b.grant)),
  );
  if (format === 'json') {
    return (
      JSON.stringify(
        {
          subject: subjectJson(permissions.subject),
          allPowerful: permissions.allPowerful,
          identities: permissions.identities.map(subjectJson),
          permissions: sorted.map(({ as, grant }) => ({ as: subjectJson(as), ...grantJson(grant) })),
        },
        null,
        2,
      ) + '\n'
    );
  }
  const lines: string[] = [];
  if (permissions.allPowerful) lines.push(`${describeSubject(permissions.subject)}: every permission (members of system:masters bypass authorization)\n`);
  if (sorted.length === 0 && !permissions.allPowerful) return `${describeSubject(permissions.subject)} holds no permission in these manifests.\n`;
  const rows = sorted.map(({ as, grant }) => {
    const rule = grant.effective;
    const what = rule.resources.length > 0 ? rule.resources.join(',') : rule.nonResourceURLs.join(',');
    const groups = rule.resources.length > 0 ? rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(',') : '';
    const through = as === permissions.subject ? '' : ` (as ${describeSubject(as)})`;
    return [scopeOf(grant), rule.verbs.join(','), groups, what, rule.resourceNames.join(','), `${describeGrant(grant)}${through}`];
  });
  lines.push(table(['SCOPE', 'VERBS', 'API GROUPS', 'RESOURCES', 'NAMES', 'VIA'], rows));
  return lines.join('');
}

export function formatPaths(paths: EscalationPath[], format: 'table' | 'json'): string {
  if (format === 'json') return JSON.stringify({ paths: paths.map((p) => ({ subject: subjectJson(p.subject), ...pathJson(p) })) }, null, 2) + '\n';
  if (paths.length === 0) return 'No escalation path found.\n';
  const out: string[] = [];
  paths.forEach((path, i) => {
    const n = actionCount(path);
    out.push(`${i + 1}. ${describeSubject(path.subject)} → ${path.target} (${n} step${n === 1 ? '' : 's'})`);
    for (const step of path.steps) {
      const via = step.grant ? `  [${describeGrant(step.grant)}]` : '';
      out.push(`   ${step.membership ? '·' : '→'} ${step.explanation}${via}`);
      out.push(`     ${step.to}`);
    }
  });
  return out.join('\n') + '\n';
}

function howHeld(holding: DutyHolding): string[] {
  if (holding.builtin) return [holding.builtin];
  const through = holding.through ? ` (as member of ${holding.through.map(describeSubject).join(', ')})` : '';
  return holding.grants.map((g) => `${describeGrant(g)} (${scopeOf(g)})${through}`);
}

/** The duties document rows: each subject with the duties it holds directly. */
function matrix(report: DutiesReport): { subject: Subject; held: Map<string, DutyHolding> }[] {
  return report.subjects.map((subject) => ({ subject, held: report.holdings.get(subjectKey(subject)) ?? new Map() }));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function csvCell(text: string): string {
  // A leading = + - @ makes spreadsheets evaluate the cell: quote it as text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The segregation-of-duties document: duties × subjects, how each duty is granted, and the
 * subjects holding a conflicting pair.
 */
export function formatDuties(report: DutiesReport, conflicts: ConflictHolder[], format: DutiesFormat): string {
  const rows = matrix(report);
  if (format === 'json') {
    return (
      JSON.stringify(
        {
          duties: DUTIES.map((d) => ({ id: d.id, title: d.title })),
          subjects: rows.map(({ subject, held }) => ({
            ...subjectJson(subject),
            duties: Object.fromEntries([...held].map(([id, h]) => [id, { capabilities: h.capabilities, via: howHeld(h) }])),
          })),
          conflicts: conflicts.map((c) => ({
            subject: subjectJson(c.subject),
            duties: c.conflict.duties,
            ...(c.conflict.reason ? { reason: c.conflict.reason } : {}),
            via: c.holdings.map(howHeld),
          })),
        },
        null,
        2,
      ) + '\n'
    );
  }
  if (format === 'csv') {
    const lines = ['duty,kind,name,namespace,capabilities,via'];
    for (const { subject, held } of rows) {
      for (const duty of DUTIES) {
        const h = held.get(duty.id);
        if (!h) continue;
        lines.push([duty.id, subject.kind, subject.name, subject.namespace ?? '', h.capabilities.join(' '), howHeld(h).join('; ')].map(csvCell).join(','));
      }
    }
    return lines.join('\n') + '\n';
  }
  const conflictLines = conflicts.map(
    (c) => `${describeSubject(c.subject)} holds both ${c.conflict.duties.join(' and ')}${c.conflict.reason ? ` (${c.conflict.reason})` : ''}`,
  );
  if (format === 'html') {
    const head = DUTIES.map((d) => `<th>${escapeHtml(d.title)}</th>`).join('');
    const body = rows
      .map(({ subject, held }) => {
        const cells = DUTIES.map((d) => {
          const h = held.get(d.id);
          return h ? `<td title="${escapeHtml(howHeld(h).join('\n'))}">✔ ${escapeHtml(h.capabilities.join(', '))}</td>` : '<td></td>';
        }).join('');
        return `<tr><th scope="row">${escapeHtml(describeSubject(subject))}</th>${cells}</tr>`;
      })
      .join('\n');
    const details = DUTIES.map((d) => {
      const holders = rows.filter((r) => r.held.has(d.id));
      const items = holders.map((r) => `<li>${escapeHtml(describeSubject(r.subject))}<ul>${howHeld(r.held.get(d.id)!).map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul></li>`).join('');
      return `<h2>${escapeHtml(d.title)}</h2>\n<ul>${items || '<li>nobody</li>'}</ul>`;
    }).join('\n');
    const conflictHtml = conflictLines.length > 0 ? `<h2>Conflicting duties</h2>\n<ul>${conflictLines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>\n` : '';
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Segregation of duties</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px;text-align:left;vertical-align:top}</style></head>
<body><h1>Segregation of duties</h1>
${conflictHtml}<table><thead><tr><th>Subject</th>${head}</tr></thead><tbody>
${body}
</tbody></table>
${details}
</body></html>
`;
  }
  const lines = ['# Segregation of duties', '', 'Who holds which duty, from the RBAC objects scanned. Members of system:masters hold every duty.', ''];
  if (conflictLines.length > 0) lines.push('## Conflicting duties', '', ...conflictLines.map((l) => `- ${markdownCell(l)}`), '');
  lines.push(`| Subject | ${DUTIES.map((d) => d.title).join(' | ')} |`, `| --- |${DUTIES.map(() => ' --- |').join('')}`);
  for (const { subject, held } of rows) {
    lines.push(`| ${markdownCell(describeSubject(subject))} | ${DUTIES.map((d) => (held.has(d.id) ? '✔' : '')).join(' | ')} |`);
  }
  for (const duty of DUTIES) {
    lines.push('', `## ${duty.title}`, '');
    const holders = rows.filter((r) => r.held.has(duty.id));
    if (holders.length === 0) lines.push('Nobody.');
    for (const { subject, held } of holders) {
      lines.push(`- **${markdownCell(describeSubject(subject))}**`);
      for (const how of howHeld(held.get(duty.id)!)) lines.push(`  - ${markdownCell(how)}`);
    }
  }
  return lines.join('\n') + '\n';
}
