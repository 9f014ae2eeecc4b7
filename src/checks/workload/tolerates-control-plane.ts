import { defineCheck, type Violation } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import { describeWorkload } from '../../core/k8s/workload.js';

const CONTROL_PLANE_TAINTS = new Set(['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master']);

export default defineCheck({
  id: 'tolerates-control-plane',
  code: 'SKD-223',
  title: 'Workload may run on control-plane nodes',
  description: 'Workloads should not tolerate every taint or the control-plane taint unless they are cluster components.',
  severity: 'medium',
  category: 'workload',
  frameworks: { nsa: ['Network separation and hardening: control plane hardening'], mitre: ['T1610', 'T1611'] },
  docs: {
    rationale:
      'Control-plane nodes hold etcd, the API server\'s keys and admin kubeconfigs; they are tainted so that ordinary pods stay off them. A toleration for the control-plane taint, or a key-less `operator: Exists` toleration that matches every taint, lets the pod be scheduled there, where any container escape compromises the whole cluster (kubernetes-goat\'s kube-bench master job does this on purpose).',
    remediation: 'Remove the toleration; tolerate only the specific taints the workload needs (for DaemonSets of node agents, record an exception).',
    references: ['https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/'],
    example: { bad: 'tolerations:\n- operator: Exists\n', good: 'tolerations:\n- {key: dedicated, operator: Equal, value: batch, effect: NoSchedule}\n' },
  },
  messages: {
    everything: '{{object}}: toleration {{index}} has operator Exists and no key, so the pod tolerates every taint, the control-plane taint included; tolerate only the taints it needs.',
    controlPlane: '{{object}}: toleration {{index}} tolerates the {{taint}} taint, so the pod may run on control-plane nodes; remove it.',
  },
  scope: 'workload',
  check(workload) {
    const tolerations = workload.podSpec.tolerations;
    if (!Array.isArray(tolerations)) return [];
    const out: Violation<'everything' | 'controlPlane'>[] = [];
    tolerations.forEach((toleration, index) => {
      if (!isRecord(toleration)) return;
      const path = [...workload.podSpecPath, 'tolerations', index];
      const key = typeof toleration.key === 'string' ? toleration.key : '';
      if (key === '' && toleration.operator === 'Exists') out.push({ messageId: 'everything', data: { object: describeWorkload(workload), index }, path });
      else if (CONTROL_PLANE_TAINTS.has(key)) out.push({ messageId: 'controlPlane', data: { object: describeWorkload(workload), index, taint: key }, path });
    });
    return out;
  },
});
