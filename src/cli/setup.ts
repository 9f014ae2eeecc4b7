import { ALL_CHECKS } from '../checks/index.js';
import type { AnalysisOptions, Check } from '../core/check.js';
import type { StockadeConfig } from '../core/config.js';
import { InputError, UsageError } from '../core/errors.js';
import { isSeverity, SEVERITIES, type Severity } from '../core/finding.js';
import { registryProblems, selectChecks } from '../core/registry.js';
import { resolveConfig } from '../load/config-file.js';
import { checkUsesFramework, type FrameworkName } from '../report/model.js';
import { splitList } from './output.js';

export const LATEST_KUBE_VERSION = 'v1.34';

/** Flags shared by the commands that run checks (scan, fix, ...). */
export interface CheckFlags {
  config?: string;
  check?: string[];
  skipCheck?: string[];
  policy?: string;
  pssVersion?: string;
  kubeVersion?: string;
  framework?: string;
  failOn?: string;
}

export interface CheckSetup {
  checks: Check[];
  config: StockadeConfig;
  options: AnalysisOptions;
  failOn: Severity;
  framework?: FrameworkName;
}

function versionOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === 'latest' || /^v1\.\d+$/.test(value)) return value;
  throw new UsageError(`${name}: expected "latest" or "v1.N", got "${value}"`);
}

/** Config file, check selection and analysis options from flags: one way for every command. */
export function checkSetup(flags: CheckFlags, firstPath: string | undefined, now = new Date()): CheckSetup {
  const problems = registryProblems(ALL_CHECKS);
  if (problems.length > 0) throw new Error(`check registry is invalid: ${problems.join('; ')}`);
  const pssVersion = versionOption(flags.pssVersion, '--pss-version');
  const kubeVersion = versionOption(flags.kubeVersion, '--kube-version');
  let config: StockadeConfig;
  try {
    config = resolveConfig(flags.config, firstPath, ALL_CHECKS).config;
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
  const failOn = (flags.failOn as Severity | undefined) ?? config.failOn ?? 'high';
  if (!isSeverity(failOn)) throw new UsageError(`--fail-on: expected one of ${SEVERITIES.join(', ')}`);
  const options: AnalysisOptions = {
    now,
    pssVersion: pssVersion ?? config.pssVersion ?? 'latest',
    kubeVersion: kubeVersion === 'latest' || kubeVersion === undefined ? (config.kubeVersion ?? LATEST_KUBE_VERSION) : kubeVersion,
    settings: config.settings,
  };
  const setup: CheckSetup = { checks, config, options, failOn };
  if (framework) setup.framework = framework;
  return setup;
}
