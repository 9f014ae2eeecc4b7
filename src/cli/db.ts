import { Command, Option } from 'commander';
import { InputError, oneLine, UsageError } from '../core/errors.js';
import { atOrAbove, SEVERITIES, type Finding, type Severity } from '../core/finding.js';
import {
  DEFAULT_ECOSYSTEMS,
  DEFAULT_MAX_AGE_MS,
  DEFAULT_SOURCE,
  defaultDbPath,
  ecosystemStatus,
  findingsOf,
  formatAge,
  importOsv,
  openVulnDb,
  rescanChanged,
  rescanImages,
  updateDb,
  type ImageRescan,
  type VulnDb,
} from '../image/vuln/index.js';
import { render } from '../report/index.js';
import { splitList, useColor, writeChunks } from './output.js';
import { VERSION } from './version.js';

const DURATION = /^(\d+)\s*(m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90m`, `12h`, `7d`, `2w` → milliseconds. */
export function parseDuration(text: string, option: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new UsageError(`${option}: expected a duration like 12h, 7d or 2w, got "${text}"`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

function maxAgeOf(flag: string | undefined): number {
  if (flag !== undefined) return parseDuration(flag, '--max-age');
  const env = process.env.STOCKADE_DB_MAX_AGE;
  return env ? parseDuration(env, 'STOCKADE_DB_MAX_AGE') : DEFAULT_MAX_AGE_MS;
}

function openDb(flag: string | undefined): VulnDb {
  try {
    return openVulnDb(flag ?? defaultDbPath());
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(oneLine(error));
    throw error;
  }
}

const dbOption = () => new Option('--db <file>', `database file (default: ${defaultDbPath().replace(process.env.HOME ?? '\u0000', '~')})`);

function printRescans(rescans: ImageRescan[]): void {
  for (const r of rescans) {
    if (r.newlyAffected.length === 0 && r.noLongerAffected.length === 0) continue;
    process.stdout.write(`${r.reference} (${r.digest}): ${r.newlyAffected.length} newly affected, ${r.noLongerAffected.length} no longer affected\n`);
    for (const m of r.newlyAffected) {
      process.stdout.write(`  + ${m.id} ${m.package.name} ${m.package.version} ${m.severity}${m.fixed ? ` (fixed in ${m.fixed})` : ''}\n`);
    }
    for (const m of r.noLongerAffected) process.stdout.write(`  - ${m.advisoryId} ${m.package} ${m.installed}\n`);
  }
}

async function runImport(sources: string[], flags: { db?: string; rescan: boolean }): Promise<number> {
  const vdb = openDb(flags.db);
  try {
    const now = new Date();
    let failed = false;
    const changed = new Set<string>();
    for (const source of sources) {
      let summary;
      try {
        summary = await importOsv(vdb.advisories, source, { now });
      } catch (error) {
        process.stderr.write(`stockade: ${oneLine(error)}\n`);
        failed = true;
        continue;
      }
      for (const key of summary.changedPackages) changed.add(key);
      for (const line of summary.errors) process.stderr.write(`stockade: ${line}\n`);
      if (summary.errors.length > 0) failed = true;
      process.stdout.write(
        `${source}: ${summary.records} records (${summary.inserted} new, ${summary.updated} updated, ${summary.unchanged} unchanged)` +
          `${summary.errors.length > 0 ? `, ${summary.errors.length} unreadable` : ''}; ecosystems: ${summary.ecosystems.join(', ') || 'none'}\n`,
      );
    }
    if (flags.rescan) printRescans(rescanChanged(vdb, changed, now));
    return failed ? 2 : 0;
  } finally {
    vdb.close();
  }
}

async function runUpdate(flags: { db?: string; source: string; ecosystem?: string[]; timeout: string; rescan: boolean }): Promise<number> {
  const timeoutSeconds = Number(flags.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout: expected seconds, got "${flags.timeout}"`);
  let source: URL;
  try {
    source = new URL(flags.source);
  } catch {
    throw new UsageError(`--source: not a URL: "${flags.source}"`);
  }
  if (source.protocol !== 'https:' && source.protocol !== 'http:') throw new UsageError(`--source: only http(s) URLs are supported, got ${source.protocol}`);
  const ecosystems = flags.ecosystem ? splitList(flags.ecosystem) : DEFAULT_ECOSYSTEMS;
  const vdb = openDb(flags.db);
  try {
    const now = new Date();
    const results = await updateDb(vdb, { source: flags.source, ecosystems, now, timeoutMs: timeoutSeconds * 1000 });
    const changed = new Set<string>();
    let failed = false;
    for (const r of results) {
      if (r.status === 'failed') {
        failed = true;
        process.stderr.write(`stockade: ${r.ecosystem}: ${r.url}: ${r.error}\n`);
      } else if (r.status === 'unchanged') {
        process.stdout.write(`${r.ecosystem}: unchanged since the last update\n`);
      } else {
        for (const key of r.summary.changedPackages) changed.add(key);
        for (const line of r.summary.errors) process.stderr.write(`stockade: ${line}\n`);
        process.stdout.write(
          `${r.ecosystem}: ${r.summary.records} records (${r.summary.inserted} new, ${r.summary.updated} updated, ${r.summary.removed} removed)\n`,
        );
      }
    }
    if (flags.rescan) printRescans(rescanChanged(vdb, changed, now));
    return failed ? 2 : 0;
  } finally {
    vdb.close();
  }
}

function runStatus(flags: { db?: string; maxAge?: string; format: 'table' | 'json' }): number {
  const maxAgeMs = maxAgeOf(flags.maxAge);
  const vdb = openDb(flags.db);
  try {
    const now = new Date();
    const status = ecosystemStatus(vdb, now, maxAgeMs);
    if (flags.format === 'json') {
      process.stdout.write(`${JSON.stringify({ database: vdb.path, maxAgeMs, ecosystems: status }, null, 2)}\n`);
    } else {
      process.stdout.write(`database: ${vdb.path}\n`);
      if (status.length === 0) process.stdout.write('no vulnerability data: run `stockade db update` or `stockade db import FILE`\n');
      const width = Math.max(9, ...status.map((s) => s.ecosystem.length));
      if (status.length > 0) process.stdout.write(`${'ECOSYSTEM'.padEnd(width)}  ${'RECORDS'.padStart(8)}  AGE     UPDATED\n`);
      for (const s of status) {
        const age = s.ageMs === undefined ? '-' : formatAge(s.ageMs);
        process.stdout.write(`${s.ecosystem.padEnd(width)}  ${String(s.advisories).padStart(8)}  ${age.padEnd(6)}  ${s.updatedAt ?? '-'}${s.stale ? '  (stale)' : ''}\n`);
      }
    }
    for (const s of status.filter((x) => x.stale)) {
      process.stderr.write(`stockade: warning: ${s.ecosystem} data is ${s.ageMs === undefined ? 'of unknown age' : `${formatAge(s.ageMs)} old`}, older than the ${formatAge(maxAgeMs)} limit: run \`stockade db update\`\n`);
    }
    return 0;
  } finally {
    vdb.close();
  }
}

interface RescanFlags {
  db?: string;
  format: 'table' | 'json';
  output?: string;
  failOn?: Severity;
  all?: boolean;
}

function runRescan(digests: string[], flags: RescanFlags): number {
  const vdb = openDb(flags.db);
  try {
    const stored = new Set(vdb.inventories.images().map((i) => i.digest));
    const unknown = digests.filter((d) => !stored.has(d));
    if (unknown.length > 0) throw new UsageError(`no stored inventory for ${unknown.join(', ')} (scan the image once to store it)`);
    const rescans = rescanImages(vdb, new Date(), digests.length > 0 ? digests : undefined);
    const findings: Finding[] = rescans.flatMap((r) => {
      const shown = flags.all ? r.matches : r.newlyAffected;
      return findingsOf(shown, { reference: r.reference, digest: r.digest }).map((f, i) => ({
        ...f,
        vulnerability: { ...(f.vulnerability as object), new: r.newlyAffected.includes(shown[i]) },
      }));
    });
    const report = {
      tool: { name: 'stockade' as const, version: VERSION },
      resources: rescans.length,
      checks: [],
      findings,
      errors: [],
      notes: rescans.map((r) => ({ message: `${r.reference}: ${r.packagesMatched} packages re-matched, ${r.newlyAffected.length} newly affected, ${r.noLongerAffected.length} no longer affected` })),
    };
    writeChunks(render(report, flags.format, { color: useColor(flags.output) }), flags.output);
    if (flags.format === 'table') for (const note of report.notes) process.stderr.write(`${note.message}\n`);
    const threshold = flags.failOn ?? 'high';
    return findings.some((f) => (f.vulnerability as { new: boolean }).new && atOrAbove(f.severity, threshold)) ? 1 : 0;
  } finally {
    vdb.close();
  }
}

/**
 * `rescan`: re-matches stored image inventories against the current database, without pulling
 * any image, and reports what is newly affected since the last match. Attached under the
 * `image` command by the image CLI.
 */
export function addRescanCommand(parent: Command): Command {
  return parent
    .command('rescan')
    .description('Re-match stored image inventories against the current vulnerability database; report what is newly affected')
    .argument('[digests...]', 'image digests to re-match (default: every stored image)')
    .addOption(dbOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a newly affected finding is at or above this severity (default: high)').choices([...SEVERITIES]))
    .option('--all', 'report every current match, not only the new ones')
    .action((digests: string[], flags: RescanFlags) => {
      process.exitCode = runRescan(digests, flags);
    });
}

export function registerDb(program: Command): void {
  const db = program.command('db').description('The vulnerability database: import, update, status');
  db.command('import')
    .description("Import OSV records: per-ecosystem zip exports (OSV's all.zip), directories of records or zips, or single JSON records")
    .argument('<sources...>', 'zip files, directories or .json files')
    .addOption(dbOption())
    .option('--no-rescan', 'do not re-match stored image inventories afterwards')
    .action(async (sources: string[], flags: { db?: string; rescan: boolean }) => {
      process.exitCode = await runImport(sources, flags);
    });
  db.command('update')
    .description("Download each ecosystem's OSV export and import it; then re-match stored images whose packages' advisories changed")
    .addOption(dbOption())
    .option('--source <url>', 'base URL of the exports (<url>/<ecosystem>/all.zip)', DEFAULT_SOURCE)
    .option('--ecosystem <names...>', `ecosystems to fetch (default: ${DEFAULT_ECOSYSTEMS.join(', ')})`)
    .option('--timeout <seconds>', 'time limit per download', '600')
    .option('--no-rescan', 'do not re-match stored image inventories afterwards')
    .action(async (flags: { db?: string; source: string; ecosystem?: string[]; timeout: string; rescan: boolean }) => {
      process.exitCode = await runUpdate(flags);
    });
  db.command('status')
    .description("Each ecosystem's record count and age; warns when data is older than the limit")
    .addOption(dbOption())
    .option('--max-age <duration>', 'staleness limit, e.g. 12h, 7d (default: 7d, or STOCKADE_DB_MAX_AGE)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((flags: { db?: string; maxAge?: string; format: 'table' | 'json' }) => {
      process.exitCode = runStatus(flags);
    });
}
