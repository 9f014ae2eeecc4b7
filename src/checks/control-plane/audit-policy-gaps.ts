import { defineCheck, type Violation } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';

type MessageId = 'logsNothing' | 'secretValuesLogged' | 'secretsNotAudited';

const BODY_LEVELS = new Set(['Request', 'RequestResponse']);

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** Whether a rule's verb and resource matchers can match a request on Secrets (the API's audit matching). */
function matchesSecrets(rule: Record<string, unknown>): boolean {
  const verbs = strings(rule.verbs);
  if (verbs !== undefined && verbs.length > 0 && !verbs.some((v) => v === '*' || ['get', 'list', 'watch', 'create', 'update', 'patch'].includes(v))) return false;
  if (Array.isArray(rule.nonResourceURLs) && rule.nonResourceURLs.length > 0) return false;
  if (!Array.isArray(rule.resources) || rule.resources.length === 0) return true;
  return rule.resources.some((r) => {
    if (!isRecord(r)) return false;
    const group = typeof r.group === 'string' ? r.group : '';
    if (group !== '' && group !== '*') return false;
    const names = strings(r.resources);
    return names === undefined || names.length === 0 || names.some((n) => n === 'secrets' || n === '*' || n === '*/*');
  });
}

/** A rule that applies to every caller in every namespace, so no later rule is reached for what it matches. */
function unrestricted(rule: Record<string, unknown>): boolean {
  return ['users', 'userGroups', 'namespaces'].every((k) => !Array.isArray(rule[k]) || rule[k].length === 0);
}

export default defineCheck({
  id: 'audit-policy-gaps',
  code: 'SKD-922',
  title: 'Audit policy misses or leaks Secrets',
  description: 'An API server audit Policy should record Secret access at Metadata level, never with request or response bodies, and record something at all.',
  severity: 'medium',
  category: 'control-plane',
  frameworks: { cis: ['3.2.2'], nsa: ['Audit logging'], mitre: ['T1562.008', 'T1552'] },
  docs: {
    rationale:
      'Audit rules are matched in order and the first match decides. A policy whose rules all say None records nothing; one that reaches Secrets at Request or RequestResponse level copies every Secret value into the audit log and whatever ships it; one that never matches Secrets leaves their reads untraced, though reading a Secret is the first step of most escalations.',
    remediation: 'Put a rule `level: Metadata` for `resources: [{group: "", resources: ["secrets", "configmaps", "tokenreviews"]}]` before any broader Request/RequestResponse rule, and end the policy with a catch-all `level: Metadata` rule.',
    references: ['https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy'],
    example: {
      bad: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse\n',
      good: 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n  resources:\n  - group: ""\n    resources: ["secrets"]\n- level: RequestResponse\n',
    },
  },
  messages: {
    logsNothing: 'Audit policy "{{name}}" records nothing: every rule has level None.',
    secretValuesLogged: 'Audit policy "{{name}}" records Secret request or response bodies (rules[{{index}}] level {{level}}): Secret values end up in the audit log.',
    secretsNotAudited: 'Audit policy "{{name}}" records no access to Secrets ({{why}}).',
  },
  scope: 'object',
  kinds: ['Policy'],
  check(policy) {
    if (!policy.apiVersion.startsWith('audit.k8s.io/')) return [];
    const name = policy.metadata?.name ?? '(file)';
    const rules = Array.isArray(policy.rules) ? policy.rules : [];
    const out: Violation<MessageId>[] = [];
    if (!rules.some((r) => isRecord(r) && typeof r.level === 'string' && r.level !== 'None')) {
      return [{ messageId: 'logsNothing', data: { name }, path: ['rules'] }];
    }
    let decided = false;
    for (let index = 0; index < rules.length && !decided; index++) {
      const rule = rules[index];
      if (!isRecord(rule) || !matchesSecrets(rule)) continue;
      const level = typeof rule.level === 'string' ? rule.level : 'None';
      if (BODY_LEVELS.has(level)) out.push({ messageId: 'secretValuesLogged', data: { name, index, level }, path: ['rules', index, 'level'], discriminator: String(index) });
      if (unrestricted(rule)) {
        decided = true;
        if (level === 'None') out.push({ messageId: 'secretsNotAudited', data: { name, why: `rules[${index}] sets level None for them` }, path: ['rules', index, 'level'] });
      }
    }
    if (!decided) out.push({ messageId: 'secretsNotAudited', data: { name, why: 'no rule matches them for every caller' }, path: ['rules'] });
    return out;
  },
});
