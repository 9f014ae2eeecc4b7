import { fileURLToPath } from 'node:url';
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
 * stateful detections when none are given.
 */
export function buildDetector(ruleFiles: readonly string[]): { detector: Detector; ruleSet: RuleSet } {
  if (ruleFiles.length > 0) {
    const ruleSet = loadRuleFiles(ruleFiles);
    return { detector: new Detector(ruleSet), ruleSet };
  }
  const ruleSet = loadDefaultRules();
  return { detector: new Detector(ruleSet, defaultStatefulDetectors()), ruleSet };
}
