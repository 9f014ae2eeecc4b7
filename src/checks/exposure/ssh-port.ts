import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { listOf } from '../workload/fields.js';

export default defineCheck({
  id: 'ssh-port',
  code: 'SKD-411',
  title: 'Container exposes an SSH port',
  description: 'Containers should not run SSH servers; use `kubectl exec` or ephemeral debug containers instead.',
  severity: 'low',
  category: 'exposure',
  frameworks: { mitre: ['T1021.004', 'T1133'] },
  docs: {
    rationale:
      'An SSH daemon in a container is a second, unaudited way in: it has its own credentials to leak and rotate, bypasses Kubernetes RBAC and audit logging, and is a favourite persistence mechanism.',
    remediation: 'Remove the SSH server and port; debug with `kubectl exec` or `kubectl debug`, which RBAC controls and the audit log records.',
  },
  messages: {
    ssh: '{{object}}: container "{{container}}" declares containerPort 22 (SSH); remove the SSH server and use kubectl exec or kubectl debug.',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<'ssh'>[] = [];
    for (const ref of workload.containers) {
      listOf(ref.container.ports).forEach((port, i) => {
        if (port?.containerPort === 22) out.push({ messageId: 'ssh', data: { object: describeWorkload(workload), container: ref.name }, path: [...ref.path, 'ports', i, 'containerPort'], container: ref.name });
      });
    }
    return out;
  },
});
