import { ALL_CHECKS } from '../checks/index.js';
import type { Check } from '../core/check.js';
import { emptyConfig, type StockadeConfig } from '../core/config.js';
import { InputError } from '../core/errors.js';
import { registryProblems, selectChecks } from '../core/registry.js';
import { readConfigFile } from '../load/config-file.js';
import { IMAGE_POLICY_CHECKS, type ControllerInput } from './decide.js';
import execGuardCheck from './policies/exec-guard.js';
import { parseAdmissionSettings } from './settings.js';

/** The catalogue plus the webhook's own exec guard, so config exceptions may name it too. */
export function webhookCatalogue(catalogue: readonly Check[] = ALL_CHECKS): Check[] {
  return [...catalogue, execGuardCheck as Check];
}

export interface LoadOptions {
  /** `.stockade.yaml`; without it the defaults apply (enforce `default` at high, kube-system exempt). */
  configFile?: string;
  /** `--only-new-violations` on the command line turns it on whatever the file says. */
  onlyNewViolations?: boolean;
  kubeVersion: string;
  catalogue?: readonly Check[];
}

/**
 * Reads and validates everything the webhook judges with, exactly as `stockade scan` selects
 * checks from the same file. Any problem is an InputError: a webhook with a half-read policy
 * must not start.
 */
export function loadControllerInput(options: LoadOptions): ControllerInput {
  const catalogue = options.catalogue ?? ALL_CHECKS;
  const known = webhookCatalogue(catalogue);
  const registry = registryProblems(known);
  if (registry.length > 0) throw new Error(`check registry is invalid: ${registry.join('; ')}`);
  const config: StockadeConfig = options.configFile ? readConfigFile(options.configFile, known) : emptyConfig();
  const file = options.configFile ?? '<defaults>';
  const { settings: admission, problems } = parseAdmissionSettings(config.settings.admission, new Set(catalogue.map((c) => c.id)));
  const selection = selectChecks(catalogue, { policy: config.policy, skip: config.checks.disable, enable: config.checks.enable });
  problems.push(...selection.problems);
  const images = [admission.images, ...admission.namespaces.map((r) => r.images)].filter((p) => p !== undefined);
  if (images.length > 0) {
    for (const id of Object.values(IMAGE_POLICY_CHECKS)) {
      if (!catalogue.some((c) => c.id === id)) problems.push(`admission.images: the catalogue has no check "${id}" to enforce the image policy with`);
    }
  }
  for (const id of admission.inventoryChecks) {
    if (catalogue.some((c) => c.id === id && c.scope !== 'inventory')) problems.push(`admission.inventoryChecks: "${id}" judges single objects already; list only cross-object checks`);
  }
  if (problems.length > 0) throw new InputError(file, undefined, problems.join('; '));
  if (options.onlyNewViolations) admission.onlyNewViolations = true;
  const inventoryChecks = new Set(admission.inventoryChecks);
  return {
    // One object cannot answer a question about the objects around it: see inventoryChecks.
    checks: [...selection.checks.filter((c) => c.scope !== 'inventory'), ...catalogue.filter((c) => inventoryChecks.has(c.id))],
    catalogue: catalogue.filter((c) => c.scope !== 'inventory' || inventoryChecks.has(c.id)),
    config,
    admission,
    pssVersion: config.pssVersion ?? 'latest',
    kubeVersion: config.kubeVersion === undefined || config.kubeVersion === 'latest' ? options.kubeVersion : config.kubeVersion,
  };
}
