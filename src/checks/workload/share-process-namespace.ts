import { defineCheck } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { setFieldPatch } from '../../core/json-patch.js';

export default defineCheck({
  id: 'share-process-namespace',
  code: 'SKD-211',
  title: 'Containers share one process namespace',
  description: 'Pods should not set `shareProcessNamespace: true` unless a sidecar truly needs it.',
  severity: 'medium',
  category: 'workload',
  frameworks: { nsa: ['Pod security: hardening container environments'], mitre: ['T1552.001', 'T1055'] },
  docs: {
    rationale:
      "With a shared process namespace every container of the pod sees the others' processes, can signal them, read their environment (/proc/<pid>/environ, where secrets often live) and reach their filesystems through /proc/<pid>/root. A compromise of the weakest container becomes a compromise of all.",
    remediation: 'Remove `shareProcessNamespace` (or set it to false); use it only for debugging or a sidecar that must signal the main process.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/'],
    example: { bad: 'spec:\n  shareProcessNamespace: true\n', good: 'spec:\n  shareProcessNamespace: false\n' },
  },
  messages: {
    shared: "{{object}}: the pod sets shareProcessNamespace: true, so its containers can read each other's processes, environment and files; remove it unless a sidecar needs it.",
  },
  scope: 'workload',
  check(workload) {
    if (workload.podSpec.shareProcessNamespace !== true) return [];
    const path = [...workload.podSpecPath, 'shareProcessNamespace'];
    return [
      {
        messageId: 'shared',
        data: { object: describeWorkload(workload) },
        path,
        // A sidecar that signals the main process (config reloaders) would stop working.
        fix: setFieldPatch(workload.object, path, false),
        fixSafety: 'unsafe',
      },
    ];
  },
});
