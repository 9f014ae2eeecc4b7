import { fileURLToPath } from 'node:url';
import { FieldCache } from './compile.js';
import { Detector } from './engine.js';
import { loadRuleFiles, type RuleSet } from './rules.js';
import { defaultStatefulDetectors } from './stateful.js';

/** The shipped rule file (`rules/` at the package root, beside `src/` and `dist/`). */
export const DEFAULT_RULES_PATH = fileURLToPath(new URL('../../rules/stockade-k8s-audit.yaml', import.meta.url));

export function loadDefaultRules(): RuleSet {
  return loadRuleFiles([DEFAULT_RULES_PATH]);
}

/**
 * The detector for a run: the given rule files in order, or the default rules plus the built-in
 * stateful detections when none are given; `alsoRuleFiles` (loaded in order into a set of their
 * own, e.g. Falco's official rules with an overlay) run beside them, names and macros apart.
 */
export function buildDetector(ruleFiles: readonly string[], alsoRuleFiles: readonly string[] = []): { detector: Detector; ruleSets: RuleSet[] } {
  const fields = new FieldCache();
  const main = ruleFiles.length > 0 ? loadRuleFiles(ruleFiles, fields) : loadRuleFiles([DEFAULT_RULES_PATH], fields);
  const ruleSets = alsoRuleFiles.length > 0 ? [main, loadRuleFiles(alsoRuleFiles, fields)] : [main];
  return { detector: new Detector(ruleSets, ruleFiles.length > 0 ? [] : defaultStatefulDetectors()), ruleSets };
}
