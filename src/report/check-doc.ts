import type { Check } from '../core/check.js';

/** A check's documentation page, generated from its metadata (docs/checks/<id>.md and `checks explain`). */
export function renderCheckDoc(check: Check): string {
  const lines = [`# ${check.title} (\`${check.id}\`)`, '', check.description, ''];
  lines.push('| | |', '| --- | --- |');
  lines.push(`| Code | ${check.code} |`, `| Severity | ${check.severity} |`, `| Category | ${check.category} |`);
  lines.push(`| In the default policy | ${check.defaultEnabled === false ? 'no (enable it in .stockade.yaml)' : 'yes'} |`);
  const f = check.frameworks;
  if (f.pss) lines.push(`| Pod Security Standards | ${f.pss.level}: ${f.pss.control} |`);
  if (check.versions?.length) lines.push(`| Behaviour changes at policy versions | ${check.versions.join(', ')} |`);
  if (f.nsa?.length) lines.push(`| NSA/CISA hardening guide | ${f.nsa.join('; ')} |`);
  if (f.cis?.length) lines.push(`| CIS Kubernetes Benchmark | ${f.cis.join(', ')} |`);
  if (f.mitre?.length) lines.push(`| MITRE ATT&CK | ${f.mitre.join(', ')} |`);
  lines.push('', '## Why it matters', '', check.docs.rationale, '', '## How to fix it', '', check.docs.remediation, '');
  if (check.docs.example) {
    lines.push('## Example', '', 'Fires on:', '', '```yaml', check.docs.example.bad.trimEnd(), '```', '');
    if (check.docs.example.good) lines.push('Passes:', '', '```yaml', check.docs.example.good.trimEnd(), '```', '');
  }
  if (check.docs.references?.length) {
    lines.push('## References', '', ...check.docs.references.map((r) => `- ${r}`), '');
  }
  lines.push(`Suppress with the annotation \`stockade.dev/ignore: "${check.id}: <reason>"\` or an exception in \`.stockade.yaml\`.`, '');
  return lines.join('\n');
}
