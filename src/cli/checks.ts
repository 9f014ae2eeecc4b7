import { Command, Option } from 'commander';
import { ALL_CHECKS } from '../checks/index.js';
import type { Check } from '../core/check.js';
import { UsageError } from '../core/errors.js';
import { renderCheckDoc } from '../report/check-doc.js';
import { writeChunks } from './output.js';

function frameworksText(check: Check): string {
  const parts: string[] = [];
  if (check.frameworks.pss) parts.push(`PSS ${check.frameworks.pss.level}`);
  if (check.frameworks.nsa?.length) parts.push('NSA');
  if (check.frameworks.cis?.length) parts.push(`CIS ${check.frameworks.cis.join(',')}`);
  if (check.frameworks.mitre?.length) parts.push(`MITRE ${check.frameworks.mitre.join(',')}`);
  return parts.join('; ');
}

/** The metadata of a check without its function: what `checks --format json` prints. */
export function checkMetadata(check: Check): Record<string, unknown> {
  const { check: _fn, ...meta } = check;
  return { ...meta, defaultEnabled: check.defaultEnabled !== false };
}

export function registerChecks(program: Command): void {
  const checks = program
    .command('checks')
    .description('List the check catalogue')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((flags: { format: 'table' | 'json' }) => {
      const sorted = [...ALL_CHECKS].sort((a, b) => a.category.localeCompare(b.category) || a.id.localeCompare(b.id));
      if (flags.format === 'json') {
        writeChunks([JSON.stringify(sorted.map(checkMetadata), null, 2) + '\n'], undefined);
        return;
      }
      const rows = sorted.map((c) => [c.id, c.code, c.severity, c.category, frameworksText(c)]);
      const header = ['ID', 'CODE', 'SEVERITY', 'CATEGORY', 'FRAMEWORKS'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (r: string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
      writeChunks([line(header), ...rows.map(line), `${rows.length} checks\n`], undefined);
    });
  checks
    .command('explain')
    .description('Explain a check: rationale, remediation, example')
    .argument('<id>', 'check id (or code)')
    .action((id: string) => {
      const check = ALL_CHECKS.find((c) => c.id === id || c.code === id);
      if (!check) throw new UsageError(`unknown check "${id}" (see \`stockade checks\`)`);
      writeChunks([renderCheckDoc(check)], undefined);
    });
}
