/**
 * Writes docs/checks/<id>.md for every check and docs/checks/README.md as the catalogue index,
 * from the checks' metadata. A test fails when the committed docs differ from this output.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_CHECKS } from '../src/checks/index.js';
import type { Check } from '../src/core/check.js';
import { renderCheckDoc } from '../src/report/check-doc.js';

export const docsDir = fileURLToPath(new URL('../docs/checks/', import.meta.url));

export function renderCatalogue(checks: readonly Check[]): string {
  const sorted = [...checks].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
  const lines = [
    '# Check catalogue',
    '',
    'Generated from the checks\' metadata by `npm run generate`: do not edit by hand.',
    '',
    `${checks.length} checks.`,
    '',
    '| Check | Code | Severity | Category | Pod Security Standards | Default |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of sorted) {
    const pss = c.frameworks.pss ? `${c.frameworks.pss.level}: ${c.frameworks.pss.control}` : '';
    lines.push(`| [${c.id}](${c.id}.md) | ${c.code} | ${c.severity} | ${c.category} | ${pss} | ${c.defaultEnabled === false ? 'no' : 'yes'} |`);
  }
  return lines.join('\n') + '\n';
}

/** Every generated file, by name. */
export function renderDocs(checks: readonly Check[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set('README.md', renderCatalogue(checks));
  for (const check of checks) files.set(`${check.id}.md`, renderCheckDoc(check));
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(docsDir, { recursive: true });
  const files = renderDocs(ALL_CHECKS);
  for (const name of readdirSync(docsDir)) if (!files.has(name)) rmSync(join(docsDir, name));
  for (const [name, text] of files) writeFileSync(join(docsDir, name), text);
}
