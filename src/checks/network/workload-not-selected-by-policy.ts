import { defineCheck } from '../../core/check.js';
import { adminSubjectSelects, isUnderPolicy, networkModelOf, policySelects } from '../../network/index.js';

export default defineCheck({
  id: 'workload-not-selected-by-policy',
  code: 'SKD-803',
  title: 'Workload selected by no network policy',
  description: 'No NetworkPolicy or AdminNetworkPolicy selects the pods of this workload, so all their traffic is allowed.',
  severity: 'medium',
  category: 'network',
  frameworks: { nsa: ['Network separation and hardening: NetworkPolicies'], cis: ['5.3.2'], mitre: ['T1210'] },
  docs: {
    rationale:
      'A pod that no policy selects is not isolated in either direction: any pod in the cluster can connect to it and it can connect anywhere. One compromised neighbour is enough to reach it.',
    remediation: 'Select the workload with a NetworkPolicy (a namespace default deny, then an allow policy for the traffic it needs).',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation'],
  },
  messages: { unselected: '{{workload}} is selected by no network policy: all its ingress and egress is allowed.' },
  scope: 'inventory',
  check(inventory) {
    const model = networkModelOf(inventory);
    return model.workloads
      .filter(
        (w) =>
          isUnderPolicy(model, w) &&
          !(model.policiesByNamespace.get(w.namespace) ?? []).some((p) => policySelects(model, p, w) && (p.affects.Ingress || p.affects.Egress)) &&
          !model.adminPolicies.some((p) => adminSubjectSelects(model, p, w)),
      )
      .map((w) => ({
        messageId: 'unselected' as const,
        entry: w.entry,
        path: [...w.workload.podMetaPath, 'labels'],
        data: { workload: `${w.kind} ${w.namespace}/${w.name}` },
      }));
  },
});
