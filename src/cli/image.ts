import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { InputError, oneLine, UsageError } from '../core/errors.js';
import { atOrAbove, isSeverity, SEVERITIES, severityRank, type Finding, type Severity } from '../core/finding.js';
import { parsePlatform, ImageFormatError } from '../image/layout/manifest.js';
import type { Credentials } from '../image/registry/credentials.js';
import type { RegistryOptions } from '../image/registry/client.js';
import { describeTarget, isImageInputError, scanImage, type ImageTarget } from '../image/read.js';
import { cycloneDx } from '../image/sbom/cyclonedx.js';
import { spdx } from '../image/sbom/spdx.js';
import type { ImageInventory } from '../image/scan.js';
import { distinctImages, findingsForWorkloads, imageUses } from '../image/workloads.js';
import { loadPaths, type LoadResult } from '../load/index.js';
import { locate } from '../load/locate.js';
import { render } from '../report/index.js';
import type { ReportError } from '../report/model.js';
import { DEFAULT_MAX_AGE_MS, defaultDbPath, findingsOf, freshnessWarnings, matchPackages, openVulnDb, storeImageInventory, type VulnDb } from '../image/vuln/index.js';
import { addRescanCommand, parseDuration } from './db.js';
import { useColor, writeChunks } from './output.js';
import { VERSION } from './version.js';

interface SourceFlags {
  oci?: string;
  archive?: string;
  rootfs?: string;
  platform?: string;
  insecureRegistry?: boolean;
  caCert?: string;
  username?: string;
  passwordStdin?: boolean;
  output?: string;
}

interface ScanFlags extends SourceFlags {
  format: 'table' | 'json';
  db?: string;
  vulns: boolean;
  failOn?: string;
  maxDbAge?: string;
}

interface SbomFlags extends SourceFlags {
  format: 'cyclonedx' | 'spdx';
}

/** How to reach registries, and where output goes: shared by every image command. */
function registryFlags(command: Command): Command {
  return command
    .option('--platform <os/arch[/variant]>', 'platform to pick from a multi-platform image', 'linux/amd64')
    .option('--insecure-registry', 'allow plain HTTP to the registry (and to its token service)')
    .option('--ca-cert <file>', 'PEM CA certificate(s) to trust for the registry')
    .option('--username <name>', 'registry user (password from --password-stdin or STOCKADE_REGISTRY_PASSWORD); default: ~/.docker/config.json')
    .option('--password-stdin', 'read the registry password from standard input')
    .option('-o, --output <file>', 'write to a file instead of standard output');
}

function sourceOptions(command: Command): Command {
  return registryFlags(
    command
      .argument('[reference]', 'image in a registry: [registry/]repository[:tag][@sha256:digest]')
      .option('--oci <dir[:tag]>', 'OCI image layout directory')
      .option('--archive <file[:tag]>', 'docker save / skopeo docker-archive or oci-archive tar (optionally gzip)')
      .option('--rootfs <dir>', 'root filesystem directory (e.g. / or an unpacked image)'),
  );
}

/** Vulnerability database, staleness and exit threshold: shared by the commands that match. */
function matchFlags(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--db <file>', `vulnerability database (default: ${defaultDbPath().replace(process.env.HOME ?? '\u0000', '~')})`)
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a vulnerability is at or above this severity (default: high)').choices([...SEVERITIES]))
    .option('--max-db-age <duration>', 'warn when the vulnerability data is older than this, e.g. 12h, 7d (default: 7d, or STOCKADE_DB_MAX_AGE)');
}

function targetOf(reference: string | undefined, flags: SourceFlags): ImageTarget {
  const given: ImageTarget[] = [
    ...(reference ? [{ registry: reference }] : []),
    ...(flags.oci ? [{ oci: flags.oci }] : []),
    ...(flags.archive ? [{ archive: flags.archive }] : []),
    ...(flags.rootfs ? [{ rootfs: flags.rootfs }] : []),
  ];
  if (given.length !== 1) throw new UsageError('name exactly one image: a REFERENCE, --oci DIR[:tag], --archive FILE or --rootfs DIR');
  return given[0];
}

/** Registry access from the image flags; also used by `diff` and `operator`, which pull the images workloads run. */
export function registryOptions(flags: Pick<SourceFlags, 'platform' | 'insecureRegistry' | 'caCert' | 'username' | 'passwordStdin'>): RegistryOptions {
  let platform;
  try {
    platform = parsePlatform(flags.platform ?? 'linux/amd64');
  } catch (error) {
    throw new UsageError((error as ImageFormatError).message);
  }
  let credentials: Credentials | undefined;
  if (flags.username) {
    const password = flags.passwordStdin ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : process.env.STOCKADE_REGISTRY_PASSWORD;
    if (!password) throw new UsageError('--username needs a password: --password-stdin or STOCKADE_REGISTRY_PASSWORD');
    credentials = { username: flags.username, password };
  } else if (flags.passwordStdin) {
    throw new UsageError('--password-stdin needs --username');
  }
  let caCert: Buffer | undefined;
  if (flags.caCert) {
    try {
      caCert = readFileSync(flags.caCert);
    } catch (error) {
      throw new UsageError(`--ca-cert ${flags.caCert}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
  }
  return { platform, ...(flags.insecureRegistry ? { insecure: true } : {}), ...(caCert ? { caCert } : {}), ...(credentials ? { credentials } : {}) };
}

async function inventoryFor(reference: string | undefined, flags: SourceFlags): Promise<ImageInventory> {
  const target = targetOf(reference, flags);
  try {
    return await scanImage(target, registryOptions(flags));
  } catch (error) {
    // An image that cannot be read is an input error: one line, exit 2.
    if (isImageInputError(error)) throw new UsageError(`${describeTarget(target)}: ${error.message}`);
    throw error;
  }
}

interface VulnResult {
  findings: Finding[];
  warnings: string[];
  /** Why matching did not happen, when it did not. */
  skipped?: string;
}

function maxDbAgeOf(flag: string | undefined): number {
  const env = process.env.STOCKADE_DB_MAX_AGE;
  return flag !== undefined ? parseDuration(flag, '--max-db-age') : env ? parseDuration(env, 'STOCKADE_DB_MAX_AGE') : DEFAULT_MAX_AGE_MS;
}

function openDb(path: string | undefined): VulnDb {
  try {
    return openVulnDb(path ?? defaultDbPath());
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(oneLine(error));
    throw error;
  }
}

/** Matches one inventory; images with an identity are stored, so `stockade image rescan` can re-match them without pulling again. */
function findingsOfInventory(vdb: VulnDb, inventory: ImageInventory, now: Date): Finding[] {
  const identity = { reference: inventory.name, ...(inventory.manifestDigest ? { digest: inventory.manifestDigest } : {}) };
  const matches = inventory.manifestDigest
    ? storeImageInventory(vdb, { digest: inventory.manifestDigest, reference: inventory.name, ...(inventory.os ? { os: `${inventory.os.id} ${inventory.os.versionId}` } : {}) }, inventory.packages, now).matches
    : matchPackages(vdb, inventory.packages);
  return findingsOf(matches, identity);
}

function matchVulnerabilities(inventory: ImageInventory, flags: ScanFlags, now: Date): VulnResult {
  if (!flags.vulns) return { findings: [], warnings: [], skipped: 'vulnerability matching off (--no-vulns)' };
  const maxAgeMs = maxDbAgeOf(flags.maxDbAge);
  const vdb = openDb(flags.db);
  try {
    const warnings = freshnessWarnings(vdb, inventory.packages, now, maxAgeMs);
    return { findings: findingsOfInventory(vdb, inventory, now), warnings };
  } finally {
    vdb.close();
  }
}

function short(digest: string | undefined): string {
  return digest ? digest.replace(/^sha256:/, '').slice(0, 12) : '-';
}

function humanSize(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

function* table(inventory: ImageInventory, vulns: VulnResult): Generator<string> {
  const p = inventory.provenance;
  yield `Image     ${inventory.name}\n`;
  if (inventory.manifestDigest) yield `Digest    ${inventory.manifestDigest}\n`;
  if (inventory.platform) yield `Platform  ${inventory.platform}\n`;
  yield `OS        ${inventory.os ? `${inventory.os.prettyName} (${inventory.os.id} ${inventory.os.versionId})` : 'unknown (no /etc/os-release)'}\n`;
  if (p.baseName) yield `Base      ${p.baseName}${p.baseDigest ? `@${p.baseDigest}` : ''}\n`;
  if (p.source) yield `Source    ${p.source}${p.revision ? ` (${p.revision})` : ''}\n`;
  if (p.created) yield `Created   ${p.created}\n`;
  if (inventory.layers.length > 0) {
    yield `\nLayers (${inventory.layers.length})\n`;
    for (const line of columns(inventory.layers.map((l, i) => [`  ${i + 1}`, short(l.digest), humanSize(l.size), l.createdBy ?? '']))) yield `${line}\n`;
  }
  const byEcosystem = new Map<string, number>();
  for (const pkg of inventory.packages) byEcosystem.set(pkg.ecosystem, (byEcosystem.get(pkg.ecosystem) ?? 0) + 1);
  yield `\nPackages (${inventory.packages.length}${byEcosystem.size ? `: ${[...byEcosystem].map(([e, n]) => `${e} ${n}`).join(', ')}` : ''})\n`;
  if (inventory.packages.length > 0) {
    const layerIndex = new Map(inventory.layers.map((l, i) => [l.digest, String(i + 1)]));
    const rows = [['  NAME', 'VERSION', 'SOURCE', 'ECOSYSTEM', 'LAYER'], ...inventory.packages.map((pkg) => [
      `  ${pkg.name}`,
      pkg.version,
      pkg.sourceName === pkg.name && pkg.sourceVersion === pkg.version ? '' : `${pkg.sourceName} ${pkg.sourceVersion}`,
      pkg.ecosystem,
      pkg.layerDigest ? (layerIndex.get(pkg.layerDigest) ?? short(pkg.layerDigest)) : '',
    ])];
    for (const line of columns(rows)) yield `${line}\n`;
  }
  if (vulns.skipped) yield `\nVulnerabilities: not matched (${vulns.skipped})\n`;
  else {
    const sorted = [...vulns.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    yield `\nVulnerabilities (${sorted.length})\n`;
    if (sorted.length > 0) {
      const rows = [['  SEVERITY', 'ID', 'PACKAGE', 'INSTALLED', 'FIXED'], ...sorted.map((f) => {
        const v = f.vulnerability as { id: string; package: string; installed: string; fixed: string | null };
        return [`  ${f.severity}`, v.id, v.package, v.installed, v.fixed ?? '-'];
      })];
      for (const line of columns(rows)) yield `${line}\n`;
    }
  }
}

function report(inventory: ImageInventory, vulns: VulnResult): Record<string, unknown> {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, vulns.findings.filter((f) => f.severity === s).length]));
  const { packages, notes, ...image } = inventory;
  return {
    schemaVersion: 1,
    tool: { name: 'stockade', version: VERSION },
    image,
    packages,
    summary: { packages: packages.length, findings: vulns.findings.length, bySeverity, vulnerabilitiesMatched: !vulns.skipped },
    findings: vulns.findings,
    warnings: vulns.warnings,
    notes,
  };
}

async function runImageScan(reference: string | undefined, flags: ScanFlags): Promise<number> {
  const failOn = (flags.failOn ?? 'high') as Severity;
  if (!isSeverity(failOn)) throw new UsageError(`--fail-on: expected one of ${SEVERITIES.join(', ')}`);
  const inventory = await inventoryFor(reference, flags);
  const now = new Date();
  const vulns = matchVulnerabilities(inventory, flags, now);
  if (flags.format === 'json') writeChunks([`${JSON.stringify(report(inventory, vulns), null, 2)}\n`], flags.output);
  else writeChunks(table(inventory, vulns), flags.output);
  for (const w of vulns.warnings) process.stderr.write(`stockade: warning: ${w}\n`);
  for (const n of inventory.notes) process.stderr.write(`stockade: note: ${n}\n`);
  for (const l of inventory.layers) for (const problem of l.problems) process.stderr.write(`stockade: note: layer ${short(l.digest)}: ${problem}\n`);
  return vulns.findings.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0;
}

async function runImageSbom(reference: string | undefined, flags: SbomFlags): Promise<number> {
  const inventory = await inventoryFor(reference, flags);
  const context = { now: new Date(), uuid: randomUUID(), toolVersion: VERSION };
  const document = flags.format === 'spdx' ? spdx(inventory, context) : cycloneDx(inventory, context);
  writeChunks([`${JSON.stringify(document, null, 2)}\n`], flags.output);
  for (const n of inventory.notes) process.stderr.write(`stockade: note: ${n}\n`);
  return 0;
}

interface WorkloadFlags extends SourceFlags {
  format: 'table' | 'json';
  db?: string;
  failOn?: string;
  maxDbAge?: string;
}

export interface WorkloadImageResult {
  findings: Finding[];
  errors: ReportError[];
  notes: ReportError[];
}

/**
 * Scans every image the workloads of an inventory run, each image once however many workloads
 * use it, and reports each vulnerability on every workload container that runs the image.
 * Shared by `image workloads` and `scan --images`.
 */
export async function workloadImageFindings(loaded: LoadResult, flags: SourceFlags & { db?: string; maxDbAge?: string }): Promise<WorkloadImageResult> {
  const maxAgeMs = maxDbAgeOf(flags.maxDbAge);
  const options = registryOptions(flags);
  const errors: ReportError[] = [];
  const { uses, invalid } = imageUses(loaded.inventory);
  for (const { use, problem } of invalid) errors.push({ ...locate(use.entry.origin, use.path), message: problem });
  const images = distinctImages(uses);
  const now = new Date();
  const vdb = openDb(flags.db);
  const byImage = new Map<string, Finding[]>();
  const notes: ReportError[] = [];
  const scanned: ImageInventory[] = [];
  try {
    for (const image of images) {
      try {
        const inventory = await scanImage({ registry: image }, options);
        scanned.push(inventory);
        byImage.set(image, findingsOfInventory(vdb, inventory, now));
        notes.push({ message: `${image}: ${inventory.packages.length} packages, ${byImage.get(image)!.length} vulnerabilities, used by ${uses.filter((u) => u.image === image).length} container(s)` });
      } catch (error) {
        if (!isImageInputError(error)) throw error;
        errors.push({ message: `${image}: ${error.message}` });
      }
    }
    for (const warning of freshnessWarnings(vdb, scanned.flatMap((i) => i.packages), now, maxAgeMs)) notes.push({ message: `warning: ${warning}` });
  } finally {
    vdb.close();
  }
  return { findings: findingsForWorkloads(uses, byImage, (use) => locate(use.entry.origin, use.path)), errors, notes };
}

async function runImageWorkloads(paths: string[], flags: WorkloadFlags): Promise<number> {
  const failOn = (flags.failOn ?? 'high') as Severity;
  const loaded = await loadPaths(paths);
  const result = await workloadImageFindings(loaded, flags);
  const errors: ReportError[] = [
    ...loaded.errors.map((e) => ({ file: e.file, ...(e.line !== undefined ? { line: e.line } : {}), message: e.message })),
    ...result.errors,
  ];
  const { findings, notes } = result;
  const report = { tool: { name: 'stockade' as const, version: VERSION }, resources: loaded.inventory.size, checks: [], findings, errors, notes };
  writeChunks(render(report, flags.format, { color: useColor(flags.output) }), flags.output);
  if (flags.format === 'table') for (const note of notes) process.stderr.write(`stockade: ${note.message}\n`);
  if (errors.length > 0) return 2;
  return findings.some((f) => atOrAbove(f.severity, failOn)) ? 1 : 0;
}

export function registerImage(program: Command): void {
  const image = program.command('image').description('Container images: what they contain, where they came from, which known vulnerabilities they carry');
  matchFlags(sourceOptions(image.command('scan').description('List an image\'s OS, layers and packages, and match them against the vulnerability database')))
    .option('--no-vulns', 'list the contents only; do not open the vulnerability database')
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on, 1 vulnerabilities at or above it, 2 usage error or unreadable image.

Examples:
  stockade image scan registry.example.com/team/app:1.4
  stockade image scan --oci ./app-oci:1.4 --format json
  docker save app:1.4 -o app.tar && stockade image scan --archive app.tar
  stockade image scan --rootfs / --no-vulns`,
    )
    .action(async (reference: string | undefined, flags: ScanFlags) => {
      process.exitCode = await runImageScan(reference, flags);
    });
  sourceOptions(image.command('sbom').description('Write the software bill of materials of an image (CycloneDX 1.6 or SPDX 2.3 JSON)'))
    .addOption(new Option('-f, --format <format>', 'SBOM format').choices(['cyclonedx', 'spdx']).default('cyclonedx'))
    .action(async (reference: string | undefined, flags: SbomFlags) => {
      process.exitCode = await runImageSbom(reference, flags);
    });
  matchFlags(
    registryFlags(
      image
        .command('workloads')
        .description('Scan every image the workloads in these manifests run (each image once) and report vulnerabilities on each workload')
        .argument('<paths...>', 'manifest files or directories (.yaml, .yml, .json)'),
    ),
  ).action(async (paths: string[], flags: WorkloadFlags) => {
      process.exitCode = await runImageWorkloads(paths, flags);
    });
  addRescanCommand(image);
}
