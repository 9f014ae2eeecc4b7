import { defineCheck } from '../../core/check.js';
import { networkModelOf } from '../../network/index.js';
import { policyName } from './network.js';

export default defineCheck({
  id: 'policy-in-host-network-namespace',
  code: 'SKD-810',
  title: 'NetworkPolicy in a namespace of host-network pods',
  description: 'Every pod of the namespace uses the host network, so its NetworkPolicies have no effect.',
  severity: 'low',
  category: 'network',
  frameworks: {},
  docs: {
    rationale:
      'Pods with hostNetwork: true share the node\'s network stack; most network plugins cannot tell their traffic from the node\'s and do not apply NetworkPolicies to them. A policy in such a namespace looks like protection and is none.',
    remediation: 'Protect these workloads at the node (host firewall) or run them without hostNetwork; remove policies that cannot apply.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-and-hostnetwork-pods'],
  },
  messages: { noEffect: 'NetworkPolicy {{policy}} has no effect: all {{pods}} workload(s) of namespace "{{namespace}}" use the host network.' },
  scope: 'inventory',
  check(inventory) {
    const model = networkModelOf(inventory);
    return model.policies.flatMap((p) => {
      const pods = model.workloads.filter((w) => w.namespace === p.namespace);
      if (pods.length === 0 || !pods.every((w) => w.hostNetwork)) return [];
      return [{ messageId: 'noEffect' as const, entry: p.entry, path: ['spec', 'podSelector'], data: { policy: policyName(p), pods: pods.length, namespace: p.namespace } }];
    });
  },
});
