import { CHECK_CATEGORIES, type Check } from './check.js';
import { isSeverity } from './finding.js';

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CODE = /^SKD-\d{3,4}$/;

/**
 * Checks the catalogue's invariants: unique ids and codes, complete metadata. Run at start-up
 * and by the parity test, so a broken check fails loudly instead of silently never firing.
 */
export function registryProblems(checks: readonly Check[]): string[] {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  const codes = new Map<string, string>();
  for (const check of checks) {
    const at = `check ${check.id || '(no id)'}`;
    if (!ID.test(check.id)) problems.push(`${at}: id must be kebab-case`);
    if (ids.has(check.id)) problems.push(`${at}: duplicate id`);
    ids.set(check.id, 1);
    if (!CODE.test(check.code)) problems.push(`${at}: code "${check.code}" must look like SKD-123`);
    const other = codes.get(check.code);
    if (other !== undefined) problems.push(`${at}: code ${check.code} already used by ${other}`);
    codes.set(check.code, check.id);
    if (!check.title?.trim()) problems.push(`${at}: missing title`);
    if (!check.description?.trim()) problems.push(`${at}: missing description`);
    if (!isSeverity(check.severity)) problems.push(`${at}: invalid severity "${check.severity}"`);
    if (!(CHECK_CATEGORIES as readonly string[]).includes(check.category)) problems.push(`${at}: invalid category "${check.category}"`);
    if (!check.docs?.rationale?.trim()) problems.push(`${at}: missing docs.rationale`);
    if (!check.docs?.remediation?.trim()) problems.push(`${at}: missing docs.remediation`);
    if (!check.messages || Object.keys(check.messages).length === 0) problems.push(`${at}: no messages`);
    if (check.scope === 'object' && (!check.kinds || check.kinds.length === 0)) problems.push(`${at}: object check without kinds`);
  }
  return problems;
}

export const POLICIES = ['default', 'all', 'pss-baseline', 'pss-restricted'] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface Selection {
  policy?: string;
  /** `--check`: only these. */
  only?: readonly string[];
  /** `--skip-check` and config `checks.disable`. */
  skip?: readonly string[];
  /** Config `checks.enable`: added to the policy's set. */
  enable?: readonly string[];
}

export function inPolicy(check: Check, policy: PolicyName): boolean {
  switch (policy) {
    case 'all':
      return true;
    case 'default':
      return check.defaultEnabled !== false;
    case 'pss-baseline':
      return check.frameworks.pss?.level === 'baseline';
    case 'pss-restricted':
      return check.frameworks.pss !== undefined;
  }
}

/** Resolves which checks run; unknown ids and policies are errors, never silently ignored. */
export function selectChecks(all: readonly Check[], selection: Selection): { checks: Check[]; problems: string[] } {
  const problems: string[] = [];
  const ids = new Set(all.map((c) => c.id));
  for (const id of [...(selection.only ?? []), ...(selection.skip ?? []), ...(selection.enable ?? [])]) {
    if (!ids.has(id)) problems.push(`unknown check "${id}" (see \`stockade checks\`)`);
  }
  const policy = (selection.policy ?? 'default') as PolicyName;
  if (!(POLICIES as readonly string[]).includes(policy)) {
    problems.push(`unknown policy "${selection.policy}" (expected one of ${POLICIES.join(', ')})`);
    return { checks: [], problems };
  }
  const skip = new Set(selection.skip ?? []);
  const enable = new Set(selection.enable ?? []);
  let checks = all.filter((c) => inPolicy(c, policy) || enable.has(c.id));
  if (selection.only && selection.only.length > 0) {
    const only = new Set(selection.only);
    checks = all.filter((c) => only.has(c.id));
  }
  return { checks: checks.filter((c) => !skip.has(c.id)), problems };
}
