import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import { namespaceOf } from '../../core/k8s/object.js';
import { describeWorkload, serviceAccountOf } from '../../core/k8s/workload.js';

export default defineCheck({
  id: 'service-account-token-automount',
  code: 'SKD-206',
  title: 'Service account token mounted automatically',
  description: 'Pods that do not call the Kubernetes API should set `automountServiceAccountToken: false`.',
  severity: 'medium',
  category: 'workload',
  frameworks: { nsa: ['Pod security: protecting Pod service account tokens'], cis: ['5.1.6'], mitre: ['T1528', 'T1552.007'] },
  docs: {
    rationale:
      'Unless turned off, every container gets a token for its service account at /var/run/secrets/kubernetes.io/serviceaccount. Anyone who compromises the container can use it against the API server with whatever RBAC the account has, and most applications never need it.',
    remediation:
      'Set `automountServiceAccountToken: false` in the pod spec (or on the ServiceAccount), and mount a projected token only in pods that call the API.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting'],
    example: { bad: 'spec:\n  serviceAccountName: web\n  containers: [...]\n', good: 'spec:\n  serviceAccountName: web\n  automountServiceAccountToken: false\n  containers: [...]\n' },
  },
  messages: {
    implicit:
      '{{object}}: the pod mounts the token of service account "{{serviceAccount}}" because neither the pod spec nor the ServiceAccount sets automountServiceAccountToken: false; set it in the pod spec unless the pod calls the Kubernetes API.',
    explicit: '{{object}}: the pod sets automountServiceAccountToken: true, mounting the token of service account "{{serviceAccount}}"; set it to false unless the pod calls the Kubernetes API.',
  },
  scope: 'workload',
  check(workload, ctx) {
    const { podSpec } = workload;
    if (podSpec.automountServiceAccountToken === false) return [];
    const serviceAccount = serviceAccountOf(podSpec);
    // The pod's own setting wins over the ServiceAccount's; only an unset pod field defers to it.
    if (podSpec.automountServiceAccountToken !== true) {
      const account = ctx.inventory.find('ServiceAccount', namespaceOf(workload.object), serviceAccount);
      if (account?.object.automountServiceAccountToken === false) return [];
    }
    const path = [...workload.podSpecPath, 'automountServiceAccountToken'];
    return [
      {
        messageId: podSpec.automountServiceAccountToken === true ? 'explicit' : 'implicit',
        data: { object: describeWorkload(workload), serviceAccount },
        path,
        // Pods that talk to the API server would lose their credentials.
        fix: setFieldPatch(workload.object, path, false),
        fixSafety: 'unsafe',
      },
    ];
  },
});
