import { defineCheck, type Violation } from '../../core/check.js';
import type { Severity } from '../../core/finding.js';
import { rbacModelOf, subjectJson } from '../../rbac/index.js';
import { actionCount, describePath, escalationGraphOf, pathJson, pathsTo, type EscalationPath, type EscalationTarget } from '../../rbac/paths.js';
import { isPlatformSubject } from '../../rbac/platform.js';
import { describeSubject, subjectKey, SYSTEM_MASTERS } from '../../rbac/subject.js';

/** Most severe first: a subject is reported once, for the worst it reaches. */
const TARGETS: { target: EscalationTarget; severity: Severity; what: string }[] = [
  { target: 'cluster-admin', severity: 'critical', what: 'full control of the cluster' },
  { target: 'nodes', severity: 'high', what: 'a node (its kubelet credentials and every token of its pods)' },
  { target: 'secrets', severity: 'high', what: 'every secret of the cluster' },
];

export default defineCheck({
  id: 'escalation-path',
  code: 'SKD-720',
  title: 'Privilege escalation path',
  description: 'A subject can reach cluster-admin, a node or every secret in two or more steps, each allowed by RBAC (pod creation, exec, impersonation, token minting, bind/escalate, secret reads).',
  severity: 'critical',
  category: 'rbac',
  frameworks: { mitre: ['T1078', 'T1528', 'T1611', 'T1098.006'] },
  docs: {
    rationale:
      'Permissions that look narrow chain: creating a pod in a namespace runs it as the most powerful service account there; exec into a pod takes its token; a privileged pod takes its node and every token on it; impersonation and token minting become another identity. Each step alone passes review; the path is what an attacker walks. Direct grants are reported by the other RBAC checks; this one reports chains of two or more.',
    remediation: 'Break the first step of the path (the finding names the binding that allows it), or remove the powerful permission at its end; `stockade rbac paths --from <subject>` shows every step.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks'],
  },
  messages: { path: '{{subject}} can reach {{what}} in {{steps}} steps: {{path}}.' },
  scope: 'inventory',
  check(inventory) {
    const model = rbacModelOf(inventory);
    // Every reported path starts with a grant of a binding in the inventory (toViolation needs
    // one): with none, there is nothing to report, and the graph of every workload is not built.
    if (model.bindings.length === 0) return [];
    const graph = escalationGraphOf(model);
    const reported = new Set<string>([subjectKey({ kind: 'Group', name: SYSTEM_MASTERS })]);
    const violations: Violation<'path'>[] = [];
    for (const { target, severity, what } of TARGETS) {
      for (const path of pathsTo(graph, target)) {
        const key = subjectKey(path.subject);
        // A path that starts with group membership is the group's: reported once, for the group.
        if (reported.has(key) || isPlatformSubject(path.subject) || actionCount(path) < 2 || path.steps[0]?.membership) continue;
        const violation = toViolation(path, severity, what);
        if (!violation) continue;
        reported.add(key);
        violations.push(violation);
      }
    }
    return violations;
  },
});

/** The finding sits on the binding that allows the first action of the path. */
function toViolation(path: EscalationPath, severity: Severity, what: string): Violation<'path'> | undefined {
  const first = path.steps.find((s) => !s.membership);
  const binding = first?.grant?.binding;
  if (!first || !binding) return undefined;
  const index = binding.subjects.findIndex((s) => subjectKey(s) === first.fromId);
  return {
    messageId: 'path',
    entry: binding.entry,
    path: index >= 0 ? ['subjects', binding.subjectIndexes[index]!] : ['roleRef'],
    severity,
    discriminator: `${subjectKey(path.subject)}\u0000${path.target}`,
    data: { subject: describeSubject(path.subject), what, steps: actionCount(path), path: describePath(path) },
    extra: { subject: subjectJson(path.subject), path: pathJson(path) },
  };
}
