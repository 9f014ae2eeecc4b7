import { Command, Option } from 'commander';
import { ALL_CHECKS } from '../checks/index.js';
import type { AnalysisOptions } from '../core/check.js';
import { InputError, UsageError } from '../core/errors.js';
import { atOrAbove, isSeverity, SEVERITIES, type Severity } from '../core/finding.js';
import { registryProblems, selectChecks, POLICIES } from '../core/registry.js';
import { resolveConfig } from '../load/config-file.js';
import { loadPaths } from '../load/index.js';
import { FORMATS, render, type Format } from '../report/index.js';
import { checkUsesFramework, FRAMEWORKS, type FrameworkName } from '../report/model.js';
import { readBaseline, scanLoaded } from '../scan/run.js';
import { splitList, useColor, writeChunks } from './output.js';
import { VERSION } from './version.js';

export const LATEST_KUBE_VERSION = 'v1.34';

interface ScanFlags {
  format: Format;
  output?: string;
  failOn?: string;
  config?: string;
  check?: string[];
  skipCheck?: string[];
  policy?: string;
  baseline?: string;
  pssVersion?: string;
  kubeVersion?: string;
  framework?: string;
  showSuppressed?: boolean;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('Scan Kubernetes manifests (files, directories, or - for stdin) for security problems')
    .argument('<paths...>', 'files, directories (recursive: .yaml, .yml, .json) or - for standard input')
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

function versionOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === 'latest' || /^v1\.\d+$/.test(value)) return value;
  throw new UsageError(`${name}: expected "latest" or "v1.N", got "${value}"`);
}

async function runScan(paths: string[], flags: ScanFlags): Promise<number> {
  const problems = registryProblems(ALL_CHECKS);
  if (problems.length > 0) throw new Error(`check registry is invalid: ${problems.join('; ')}`);
  const pssVersion = versionOption(flags.pssVersion, '--pss-version');
  const kubeVersion = versionOption(flags.kubeVersion, '--kube-version');

  let config;
  try {
    config = resolveConfig(flags.config, paths[0], ALL_CHECKS).config;
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
  const selection = selectChecks(ALL_CHECKS, {
    policy: flags.policy ?? config.policy,
    only: splitList(flags.check),
    skip: [...splitList(flags.skipCheck), ...config.checks.disable],
    enable: config.checks.enable,
  });
  if (selection.problems.length > 0) throw new UsageError(selection.problems.join('; '));
  let checks = selection.checks;
  const framework = flags.framework as FrameworkName | undefined;
  if (framework) checks = checks.filter((c) => checkUsesFramework(c, framework));

  const failOn: Severity = (flags.failOn as Severity | undefined) ?? config.failOn ?? 'high';
  if (!isSeverity(failOn)) throw new UsageError(`--fail-on: expected one of ${SEVERITIES.join(', ')}`);
  const baseline = flags.baseline ? readBaselineOrUsage(flags.baseline) : undefined;

  const loaded = await loadPaths(paths);
  const options: AnalysisOptions = {
    now: new Date(),
    pssVersion: pssVersion ?? config.pssVersion ?? 'latest',
    kubeVersion: kubeVersion === 'latest' || kubeVersion === undefined ? (config.kubeVersion ?? LATEST_KUBE_VERSION) : kubeVersion,
    settings: config.settings,
  };
  const report = scanLoaded(loaded, {
    checks,
    config,
    options,
    baseline,
    version: VERSION,
    framework,
    examined: flags.format === 'junit',
  });
  writeChunks(render(report, flags.format, { color: useColor(flags.output), ...(flags.showSuppressed ? { showSuppressed: true } : {}) }), flags.output);
  if (flags.format !== 'table' || flags.output) {
    // Structured output carries errors itself; still tell the person at the terminal.
    for (const e of report.errors) process.stderr.write(`stockade: ${e.file ? `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ` : ''}${e.message}\n`);
  }
  for (const n of report.notes) process.stderr.write(`stockade: note: ${n.file}${n.line !== undefined ? `:${n.line}` : ''}: ${n.message}\n`);
  if (report.errors.length > 0) return 2;
  return report.findings.some((f) => !f.suppressed && atOrAbove(f.severity, failOn)) ? 1 : 0;
}

function readBaselineOrUsage(file: string): Set<string> {
  try {
    return readBaseline(file);
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}
