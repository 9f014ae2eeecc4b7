import { defineCheck } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';

export default defineCheck({
  id: 'default-service-account',
  code: 'SKD-207',
  title: 'Pod runs as the default service account',
  description: 'Workloads should run under a dedicated service account, not the namespace\'s `default` one.',
  severity: 'low',
  category: 'workload',
  frameworks: { nsa: ['Authentication and authorization'], cis: ['5.1.5'], mitre: ['T1528'] },
  docs: {
    rationale:
      'Every pod that names no service account shares the namespace\'s `default` account, so any permission granted to it (often for one workload) is granted to all of them, and audit logs cannot tell the workloads apart.',
    remediation: 'Create a ServiceAccount per workload (with `automountServiceAccountToken: false` unless it calls the API) and set `serviceAccountName`.',
    references: ['https://kubernetes.io/docs/concepts/security/service-accounts/'],
    example: { bad: 'spec:\n  containers: [...]\n', good: 'spec:\n  serviceAccountName: web\n  containers: [...]\n' },
  },
  messages: {
    implicit: '{{object}}: the pod names no serviceAccountName and so runs as the namespace\'s "default" service account; create a dedicated ServiceAccount and set serviceAccountName.',
    explicit: '{{object}}: the pod sets serviceAccountName: default; create a dedicated ServiceAccount and name it instead.',
  },
  scope: 'workload',
  check(workload) {
    const { podSpec } = workload;
    const named = podSpec.serviceAccountName ?? podSpec.serviceAccount;
    if (typeof named === 'string' && named !== '' && named !== 'default') return [];
    const field = podSpec.serviceAccountName !== undefined || podSpec.serviceAccount === undefined ? 'serviceAccountName' : 'serviceAccount';
    return [
      {
        messageId: named === 'default' ? 'explicit' : 'implicit',
        data: { object: describeWorkload(workload) },
        path: [...workload.podSpecPath, field],
      },
    ];
  },
});
