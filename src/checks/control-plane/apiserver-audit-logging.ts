import { defineCheck, type Violation } from '../../core/check.js';
import { flagViolation, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'apiserver-audit-logging',
  code: 'SKD-906',
  title: 'API server audit logging is off',
  description: 'kube-apiserver should write audit events (--audit-log-path or --audit-webhook-config-file) under an audit policy (--audit-policy-file).',
  severity: 'medium',
  category: 'control-plane',
  frameworks: { cis: ['1.2.16', '3.2.1'], nsa: ['Audit logging'], mitre: ['T1562.008'] },
  docs: {
    rationale:
      'The audit log is the only record of who did what through the API: without it an intrusion, a stolen token or a deleted workload cannot be traced. The API server records nothing unless a policy file says what to record, so a log path without a policy is as silent as no log at all.',
    remediation: 'Set `--audit-policy-file` to a policy (at least Metadata level for Secrets, RequestResponse for RBAC changes) and `--audit-log-path` (with `--audit-log-maxage`, `--audit-log-maxbackup`, `--audit-log-maxsize`) or `--audit-webhook-config-file`.',
    references: ['https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/'],
    example: {
      bad: 'command:\n- kube-apiserver\n',
      good: 'command:\n- kube-apiserver\n- --audit-policy-file=/etc/kubernetes/audit-policy.yaml\n- --audit-log-path=/var/log/kubernetes/audit.log\n',
    },
  },
  messages: {
    noBackend: '{{component}} writes no audit log: neither --audit-log-path nor --audit-webhook-config-file is set.',
    noPolicy: '{{component}} has an audit backend but no {{flag}}: no event is recorded without a policy.',
  },
  ...onComponents(['kube-apiserver'], (c): Violation<'noBackend' | 'noPolicy'>[] => {
    const logPath = c.flags.get('audit-log-path')?.value;
    const hasBackend = (logPath !== undefined && logPath !== '') || c.flags.has('audit-webhook-config-file');
    if (!hasBackend) return [flagViolation(c, 'audit-log-path', 'noBackend' as const)];
    if (!c.flags.get('audit-policy-file')?.value) return [flagViolation(c, 'audit-policy-file', 'noPolicy' as const)];
    return [];
  }),
});
