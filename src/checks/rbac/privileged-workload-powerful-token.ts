import { defineCheck, type Violation } from '../../core/check.js';
import { rbacModelOf } from '../../rbac/index.js';
import { DUTIES, dutiesOf, effectiveDuties } from '../../rbac/duties.js';
import { hostAccessOf } from '../../rbac/privilege.js';
import { describeSubject, subjectJson } from '../../rbac/query.js';

const POWERFUL = new Map(DUTIES.filter((d) => d.powerful).map((d) => [d.id, d.title]));

export default defineCheck({
  id: 'privileged-workload-powerful-token',
  code: 'SKD-717',
  title: 'Privileged workload holds a powerful token',
  description: 'A workload with host access (privileged, host namespaces or hostPath) mounts the token of a service account that can read secrets, deploy, change RBAC, exec, impersonate or administer nodes.',
  severity: 'critical',
  category: 'rbac',
  frameworks: { nsa: ['Pod security: least privilege service accounts'], mitre: ['T1611', 'T1528'] },
  docs: {
    rationale:
      'A container that escapes to its node through host access can read every token mounted on that node; one that also carries a powerful token turns a container compromise into a cluster compromise in one step. Either half alone is a smaller risk; together they are the shortest path to cluster-admin.',
    remediation: 'Split the workload: keep host access in a component without API rights, or set automountServiceAccountToken: false and give the API-facing part its own unprivileged pod.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'],
    example: {
      bad: 'spec:\n  serviceAccountName: operator   # can read secrets cluster-wide\n  hostNetwork: true\n',
      good: 'spec:\n  serviceAccountName: operator\n  automountServiceAccountToken: false\n  hostNetwork: true\n',
    },
  },
  messages: {
    privilegedWithPowerfulToken: '{{workload}} has host access ({{hostAccess}}) and mounts the token of {{serviceAccount}}, which can: {{duties}}.',
  },
  scope: 'inventory',
  check(inventory) {
    const model = rbacModelOf(inventory);
    const report = dutiesOf(model);
    const violations: Violation<'privilegedWithPowerfulToken'>[] = [];
    for (const identity of model.workloads) {
      if (!identity.tokenMounted) continue;
      const access = hostAccessOf(identity.workload);
      if (access.length === 0) continue;
      const held = [...effectiveDuties(report, identity.serviceAccount).keys()].filter((d) => POWERFUL.has(d));
      if (held.length === 0) continue;
      const object = identity.entry.object;
      violations.push({
        messageId: 'privilegedWithPowerfulToken',
        entry: identity.entry,
        path: access[0]!.path,
        data: {
          workload: `${object.kind} ${identity.namespace}/${object.metadata?.name ?? ''}`,
          hostAccess: access.map((a) => a.reason).join(', '),
          serviceAccount: describeSubject(identity.serviceAccount),
          duties: held.map((d) => POWERFUL.get(d)!).join(', '),
        },
        extra: { subject: subjectJson(identity.serviceAccount), duties: held },
      });
    }
    return violations;
  },
});
