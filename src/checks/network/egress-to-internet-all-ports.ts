import { defineCheck } from '../../core/check.js';
import { networkModelOf } from '../../network/index.js';
import { policyName } from './network.js';

export default defineCheck({
  id: 'egress-to-internet-all-ports',
  code: 'SKD-806',
  title: 'Egress allowed to any address on all ports',
  description: 'A NetworkPolicy egress rule allows every port to 0.0.0.0/0 (or to any destination), an open path for data to leave.',
  severity: 'medium',
  category: 'network',
  frameworks: { nsa: ['Network separation and hardening: restrict egress'], mitre: ['T1041', 'T1048'] },
  docs: {
    rationale:
      'An egress rule without ports towards 0.0.0.0/0 lets the selected pods open any connection to any host on the internet: exfiltration, command-and-control and lateral movement all pass. It also cancels the default deny it usually sits next to.',
    remediation: 'Name the destinations (CIDRs of the services really used) and the ports (443/TCP), and keep DNS as its own rule.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource'],
    example: {
      bad: 'egress:\n- to:\n  - ipBlock: {cidr: 0.0.0.0/0}\n',
      good: 'egress:\n- to:\n  - ipBlock: {cidr: 203.0.113.0/24}\n  ports:\n  - {protocol: TCP, port: 443}\n',
    },
  },
  messages: { open: 'NetworkPolicy {{policy}} egress rule #{{rule}} allows all ports to {{destination}}.' },
  scope: 'inventory',
  check(inventory) {
    const model = networkModelOf(inventory);
    return model.policies
      .filter((p) => p.affects.Egress)
      .flatMap((policy) =>
        policy.rules.Egress.filter((r) => r.ports === undefined).flatMap((rule) => {
          if (rule.peers === undefined) {
            return [{ messageId: 'open' as const, entry: policy.entry, path: ['spec', 'egress', rule.index], data: { policy: policyName(policy), rule: rule.index + 1, destination: 'any destination' } }];
          }
          return rule.peers.flatMap((peer, index) =>
            peer.ipBlock && /^(0\.0\.0\.0|::)\/0$/.test(peer.ipBlock.cidr.trim())
              ? [{ messageId: 'open' as const, entry: policy.entry, path: ['spec', 'egress', rule.index, 'to', index], data: { policy: policyName(policy), rule: rule.index + 1, destination: peer.ipBlock.cidr } }]
              : [],
          );
        }),
      );
  },
});
