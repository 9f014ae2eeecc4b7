import { defineCheck } from '../../core/check.js';
import { networkModelOf, policySelects } from '../../network/index.js';
import { podsByNamespace, policyName } from './network.js';

export default defineCheck({
  id: 'policy-selects-no-pod',
  code: 'SKD-804',
  title: 'NetworkPolicy selects no pod',
  description: 'The podSelector of a NetworkPolicy matches none of the workloads of its namespace.',
  severity: 'low',
  category: 'network',
  frameworks: {},
  docs: {
    rationale:
      'A policy that selects nothing protects nothing. It is usually a label typo or a leftover, and it gives a false sense that the workload it was written for is isolated.',
    remediation: "Fix the policy's podSelector to match the pod template labels of the workload it is meant for, or delete the policy.",
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource'],
  },
  messages: { selectsNothing: 'NetworkPolicy {{policy}} selects no pod: podSelector "{{selector}}" matches none of the {{pods}} workload(s) in namespace "{{namespace}}".' },
  scope: 'inventory',
  check(inventory) {
    const model = networkModelOf(inventory);
    const pods = podsByNamespace(model);
    // Only where the input shows the namespace's workloads: a policy scanned alone proves nothing.
    return model.policies
      .filter((p) => (pods.get(p.namespace)?.length ?? 0) > 0 && !pods.get(p.namespace)!.some((w) => policySelects(model, p, w)))
      .map((p) => ({
        messageId: 'selectsNothing' as const,
        entry: p.entry,
        path: ['spec', 'podSelector'],
        data: { policy: policyName(p), selector: p.podSelector.text, pods: pods.get(p.namespace)!.length, namespace: p.namespace },
      }));
  },
});
