import { defineCheck } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';

export default defineCheck({
  id: 'node-name-pinned',
  code: 'SKD-219',
  title: 'Pod bypasses the scheduler with nodeName',
  description: 'Workloads should let the scheduler place pods instead of naming a node in `spec.nodeName`.',
  severity: 'low',
  category: 'workload',
  frameworks: { mitre: ['T1610'] },
  docs: {
    rationale:
      'A pod with `nodeName` skips the scheduler: taints, resource fit and scheduling policy are ignored, so a pod can land on a control-plane node or on the node hosting a target workload. On a Pod object it is also how attackers place a pod next to a victim.',
    remediation: 'Use `nodeSelector` or node affinity (which respect taints and capacity) instead of `nodeName`.',
    references: ['https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename'],
  },
  messages: {
    pinned: '{{object}}: the pod names node "{{node}}" in nodeName, bypassing the scheduler, taints and resource checks; use nodeSelector or node affinity.',
  },
  scope: 'workload',
  check(workload) {
    const node = workload.podSpec.nodeName;
    if (typeof node !== 'string' || node === '') return [];
    return [{ messageId: 'pinned', data: { object: describeWorkload(workload), node }, path: [...workload.podSpecPath, 'nodeName'] }];
  },
});
