import { Command, Option } from 'commander';
import { InputError, UsageError } from '../core/errors.js';
import { atOrAbove, SEVERITIES, sortFindings } from '../core/finding.js';
import { POLICIES } from '../core/registry.js';
import { applyLoadPlan, loadPaths, parseDocumentOf, planLoad, type LoadResult } from '../load/index.js';
import { ALL_CHECKS } from '../checks/index.js';
import { FORMATS, render, type Format, type StreamedScanReport } from '../report/index.js';
import { FRAMEWORKS, type ReportError } from '../report/model.js';
import { canSplit, scanPlanInParallel } from '../scan/parallel.js';
import { readBaseline, scanLoaded, scanLoadedStreamed, type ScanSettings } from '../scan/run.js';
import { useColor, writeChunks } from './output.js';
import { checkSetup, LATEST_KUBE_VERSION, type CheckFlags } from './setup.js';

export { LATEST_KUBE_VERSION };
import { VERSION } from './version.js';

interface ScanFlags extends CheckFlags {
  format: Format;
  output?: string;
  baseline?: string;
  showSuppressed?: boolean;
  record?: boolean;
  cluster?: boolean;
  snapshot?: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  kubeletConfig?: boolean;
  db?: string;
  images?: boolean;
  platform?: string;
  insecureRegistry?: boolean;
  caCert?: string;
  workers?: number;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('Scan Kubernetes manifests (files, directories, or - for stdin) for security problems')
    .argument('[paths...]', 'files, directories (recursive: .yaml, .yml, .json) or - for standard input')
    .option('--cluster', 'scan the live cluster (read-only; Secrets as metadata only) instead of files')
    .option('--snapshot <file>', 'scan a snapshot written by `stockade cluster snapshot`')
    .option('--kubeconfig <file>', 'kubeconfig for --cluster (default: KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context for --cluster')
    .option('-n, --namespace <ns>', 'with --cluster: only this namespace (cluster-scoped kinds are still read)')
    .option('--no-kubelet-config', 'with --cluster: do not read the kubelets\' live configuration')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...FORMATS]).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: high)').choices([...SEVERITIES]))
    .option('-c, --config <file>', 'configuration file (default: nearest .stockade.yaml above the first path)')
    .option('--check <ids...>', 'run only these checks (comma-separated or repeated)')
    .option('--skip-check <ids...>', 'do not run these checks')
    .addOption(new Option('--policy <name>', 'named check set').choices([...POLICIES]))
    .option('--baseline <report.json>', 'report only findings that are not in this earlier JSON report')
    .option('--pss-version <version>', 'Pod Security Standards version: latest or v1.N')
    .option('--kube-version <version>', `target Kubernetes version for API deprecations (default: ${LATEST_KUBE_VERSION})`)
    .addOption(new Option('--framework <name>', 'only checks mapped to this framework, with a compliance summary').choices([...FRAMEWORKS]))
    .option('--show-suppressed', 'list suppressed findings in the table too')
    .option('--workers <n>', 'split a JSON scan across this many threads (default 1)', positiveInteger)
    .option('--images', 'also scan every image the workloads run for known vulnerabilities (each image once)')
    .option('--platform <os/arch>', 'platform to pick from multi-platform images (--images)', 'linux/amd64')
    .option('--insecure-registry', 'allow plain HTTP registries (--images)')
    .option('--ca-cert <file>', 'PEM CA certificate(s) to trust for registries (--images)')
    .option('--record', 'store the scan in the history the dashboard shows')
    .option('--db <file>', 'Stockade database: history for --record, vulnerability data for --images (default: the user data directory)')
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error.

Examples:
  stockade scan deploy/
  helm template my-release ./chart | stockade scan -
  kubectl kustomize overlays/prod | stockade scan - --format sarif -o stockade.sarif
  stockade scan . --baseline previous.json --fail-on medium`,
    )
    .action(async (paths: string[], flags: ScanFlags) => {
      process.exitCode = await runScan(paths, flags);
    });
}

async function runScan(paths: string[], flags: ScanFlags): Promise<number> {
  const { checks, config, options, failOn, framework } = checkSetup(flags, paths[0]);
  const baseline = flags.baseline ? readBaselineOrUsage(flags.baseline) : undefined;
  const settings = { checks, config, options, baseline, version: VERSION, framework, examined: flags.format === 'junit' };
  // Cluster scans always go into the history: drift is only visible over time.
  const record = flags.record === true || flags.cluster === true;
  if (flags.format === 'json' && !flags.images && !record) {
    // JSON alone needs no finding objects after they are encoded: a large scan streams them,
    // and a large input is parsed and checked by several threads.
    const report = await streamedScan(paths, flags, settings);
    writeChunks(render(report, 'json', { color: false }), flags.output);
    reportProblems(report.errors, report.notes, true);
    if (report.errors.length > 0) return 2;
    return SEVERITIES.some((s) => atOrAbove(s, failOn) && report.encoded.bySeverity[s] > 0) ? 1 : 0;
  }
  const loaded = await loadInput(paths, flags);
  const report = scanLoaded(loaded, settings);
  if (flags.images) {
    const { workloadImageFindings } = await import('./image.js');
    const images = await workloadImageFindings(loaded, flags);
    const known = baseline ?? new Set<string>();
    report.findings.push(...images.findings.filter((f) => !known.has(f.fingerprint)));
    sortFindings(report.findings);
    report.errors.push(...images.errors);
    report.notes.push(...images.notes);
  }
  writeChunks(render(report, flags.format, { color: useColor(flags.output), ...(flags.showSuppressed ? { showSuppressed: true } : {}) }), flags.output);
  if (record) {
    const [{ recordScanToFile }, { defaultDbPath }] = await Promise.all([import('../store/history.js'), import('../store/database.js')]);
    recordScanToFile(flags.db ?? defaultDbPath(), report, loaded.inventory, { target: flags.cluster ? ['cluster'] : flags.snapshot ? [flags.snapshot] : paths, now: new Date() });
  }
  reportProblems(report.errors, report.notes, flags.format !== 'table' || flags.output !== undefined);
  if (report.errors.length > 0) return 2;
  return report.findings.some((f) => !f.suppressed && atOrAbove(f.severity, failOn)) ? 1 : 0;
}

/** Errors and notes on stderr; a table on the terminal shows the errors itself. */
function reportProblems(errors: readonly ReportError[], notes: readonly ReportError[], showErrors: boolean): void {
  if (showErrors) {
    // Structured output carries errors itself; still tell the person at the terminal.
    for (const e of errors) process.stderr.write(`stockade: ${e.file ? `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ` : ''}${e.message}\n`);
  }
  for (const n of notes) process.stderr.write(`stockade: note: ${n.file}${n.line !== undefined ? `:${n.line}` : ''}: ${n.message}\n`);
}

async function streamedScan(paths: string[], flags: ScanFlags, settings: ScanSettings): Promise<StreamedScanReport> {
  if (flags.cluster || flags.snapshot !== undefined || paths.length === 0) return scanLoadedStreamed(await loadInput(paths, flags), settings);
  const threads = flags.workers !== undefined && canSplit(settings.checks, ALL_CHECKS) ? flags.workers : 1;
  const plan = await planLoad(paths);
  if (threads > 1) {
    try {
      return (await scanPlanInParallel(plan, settings, threads)).report;
    } catch (error) {
      // Threads are a speed-up, never a reason to fail: the same scan runs in this thread.
      process.stderr.write(`stockade: note: scanning in one thread (${describeError(error)})\n`);
    }
  }
  return scanLoadedStreamed(applyLoadPlan(plan, plan.documents.map(parseDocumentOf)), settings);
}

function describeError(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** Files and stdin, a live cluster, or a snapshot: all become the same inventory. */
async function loadInput(paths: string[], flags: ScanFlags): Promise<LoadResult> {
  const sources = [paths.length > 0, flags.cluster === true, flags.snapshot !== undefined].filter(Boolean).length;
  if (sources === 0) throw new UsageError('nothing to scan: give paths (or - for stdin), --cluster or --snapshot FILE');
  if (sources > 1) throw new UsageError('scan either paths, --cluster or --snapshot, not several at once');
  if (flags.snapshot !== undefined) {
    const { loadSnapshot } = await import('../load/cluster/index.js');
    return loadSnapshot(flags.snapshot);
  }
  if (flags.cluster) {
    const { loadClusterInventory } = await import('../load/cluster/index.js');
    return loadClusterInventory({
      ...(flags.kubeconfig !== undefined ? { kubeconfig: flags.kubeconfig } : {}),
      ...(flags.context !== undefined ? { context: flags.context } : {}),
      ...(flags.namespace !== undefined ? { namespace: flags.namespace } : {}),
      ...(flags.kubeletConfig === false ? { kubeletConfig: false } : {}),
    });
  }
  return loadPaths(paths);
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers: expected a whole number from 1 to 64, got "${value}"`);
  return n;
}

function readBaselineOrUsage(file: string): Set<string> {
  try {
    return readBaseline(file);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}
