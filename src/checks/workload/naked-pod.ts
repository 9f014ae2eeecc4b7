import { defineCheck } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';

export default defineCheck({
  id: 'naked-pod',
  code: 'SKD-222',
  title: 'Pod without a controller',
  description: 'Pods should be created by a controller (Deployment, StatefulSet, DaemonSet, Job) rather than directly.',
  severity: 'low',
  category: 'workload',
  frameworks: {},
  docs: {
    rationale:
      'A bare Pod is not rescheduled when its node fails or is drained, cannot be rolled out or scaled, and is easy to forget. Opt-in: bare Pods are common in examples and one-off tasks.',
    remediation: 'Wrap the pod template in a Deployment (or StatefulSet, DaemonSet, Job).',
    references: ['https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs'],
  },
  messages: {
    naked: '{{object}} has no owning controller, so nothing recreates it when its node fails; create it through a Deployment, StatefulSet, DaemonSet or Job.',
  },
  defaultEnabled: false,
  scope: 'workload',
  check(workload) {
    const { object } = workload;
    if (object.kind !== 'Pod') return [];
    const owners = object.metadata?.ownerReferences;
    if (Array.isArray(owners) && owners.some((o) => o?.controller === true)) return [];
    // Static (mirror) pods are managed by the kubelet of their node.
    if (object.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) return [];
    return [{ messageId: 'naked', data: { object: describeObject(object) } }];
  },
});
