import { defineCheck, type Violation } from '../../core/check.js';
import { DIRECTIONS, namespaceLabelsOf, networkModelOf, peerMatches } from '../../network/index.js';
import { policyName } from './network.js';

export default defineCheck({
  id: 'dangling-peer-selector',
  code: 'SKD-805',
  title: 'Policy peer selector matches nothing',
  description: 'A from/to peer of a NetworkPolicy rule selects no namespace or no pod of the input.',
  severity: 'low',
  category: 'network',
  frameworks: {},
  docs: {
    rationale:
      'A peer that selects nothing allows nothing: the traffic its author meant to allow is denied, and people "fix" that by widening other rules. It is usually a label typo, a namespace without the label the selector expects, or a leftover from a removed workload.',
    remediation: 'Correct the selector to the labels the intended pods (podSelector) or namespaces (namespaceSelector, e.g. kubernetes.io/metadata.name) carry, or remove the peer.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors'],
  },
  messages: {
    noNamespace: 'NetworkPolicy {{policy}} {{direction}} rule #{{rule}}: namespaceSelector "{{selector}}" matches no namespace.',
    noPod: 'NetworkPolicy {{policy}} {{direction}} rule #{{rule}}: peer {{peer}} matches no pod of the input.',
  },
  scope: 'inventory',
  check(inventory) {
    const model = networkModelOf(inventory);
    const namespacesWithPods = new Set(model.workloads.map((w) => w.namespace));
    const out: Violation<'noNamespace' | 'noPod'>[] = [];
    for (const policy of model.policies) {
      for (const direction of DIRECTIONS) {
        for (const rule of policy.rules[direction]) {
          (rule.peers ?? []).forEach((peer, index) => {
            if (peer.ipBlock || peer.invalid) return;
            const path = ['spec', direction.toLowerCase(), rule.index, direction === 'Ingress' ? 'from' : 'to', index];
            const base = { policy: policyName(policy), direction, rule: rule.index + 1 };
            const namespaces = peer.namespaceSelector
              ? [...model.namespaces.keys()].filter((ns) => peer.namespaceSelector!.matches(namespaceLabelsOf(model, ns)))
              : [policy.namespace];
            if (namespaces.length === 0 && !selectsBuiltInNamespace(model, peer.namespaceSelector)) {
              out.push({ messageId: 'noNamespace' as const, entry: policy.entry, path, data: { ...base, selector: peer.namespaceSelector!.text } });
              return;
            }
            // Pods are only judged where the input shows some workloads.
            if (peer.podSelector === undefined || !namespaces.some((ns) => namespacesWithPods.has(ns))) return;
            if (model.workloads.some((w) => peerMatches(model, policy, peer, w))) return;
            const text = peer.namespaceSelector ? `namespaceSelector "${peer.namespaceSelector.text}" + podSelector "${peer.podSelector.text}"` : `podSelector "${peer.podSelector.text}"`;
            out.push({ messageId: 'noPod' as const, entry: policy.entry, path, data: { ...base, peer: text } });
          });
        }
      }
    }
    return out;
  },
});

/** Namespaces every cluster has, whether or not the scanned files declare them. */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function selectsBuiltInNamespace(model: ReturnType<typeof networkModelOf>, selector: { matches(labels: Record<string, string>): boolean } | undefined): boolean {
  if (!selector) return false;
  return BUILT_IN_NAMESPACES.some((ns) => !model.namespaces.has(ns) && selector.matches({ 'kubernetes.io/metadata.name': ns }));
}
