import { defineCheck } from '../../core/check.js';
import { contains, containsRange, networkModelOf, parseIPv4, ruleConnections } from '../../network/index.js';
import { policyName } from './network.js';

const METADATA = parseIPv4('169.254.169.254')!;

export default defineCheck({
  id: 'egress-to-cloud-metadata',
  code: 'SKD-807',
  title: 'Egress allowed to the cloud metadata service',
  description: 'A NetworkPolicy egress rule allows 169.254.169.254, where cloud instance credentials are served.',
  severity: 'high',
  category: 'network',
  frameworks: { mitre: ['T1552.005'] },
  docs: {
    rationale:
      'The instance metadata endpoint hands out the node\'s cloud credentials. A pod that reaches it can often act with the node\'s cloud identity: read buckets, pull secrets, create instances. Wide egress ipBlocks include it unless they except it.',
    remediation: 'Add `169.254.169.254/32` to the `except` list of the ipBlock (or narrow the CIDR), unless the workload truly needs instance metadata.',
    references: ['https://kubernetes.io/docs/tasks/administer-cluster/securing-a-cluster/#restricting-cloud-metadata-api-access'],
    example: {
      bad: 'egress:\n- to:\n  - ipBlock: {cidr: 0.0.0.0/0}\n  ports: [{port: 80}]\n',
      good: 'egress:\n- to:\n  - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}\n  ports: [{port: 80}]\n',
    },
  },
  messages: { metadata: 'NetworkPolicy {{policy}} egress rule #{{rule}} allows {{cidr}}, which includes the cloud metadata address 169.254.169.254.' },
  scope: 'inventory',
  check(inventory) {
    const model = networkModelOf(inventory);
    const metadataEndpoint = { type: 'external' as const, lo: METADATA, hi: METADATA };
    return model.policies
      .filter((p) => p.affects.Egress)
      .flatMap((policy) =>
        policy.rules.Egress.filter((rule) => contains(ruleConnections(rule, metadataEndpoint), 'TCP', 80)).flatMap((rule) =>
          (rule.peers ?? []).flatMap((peer, index) =>
            peer.ipBlock && containsRange(peer.ipBlock.addresses, METADATA, METADATA)
              ? [{ messageId: 'metadata' as const, entry: policy.entry, path: ['spec', 'egress', rule.index, 'to', index, 'ipBlock'], data: { policy: policyName(policy), rule: rule.index + 1, cidr: peer.ipBlock.cidr } }]
              : [],
          ),
        ),
      );
  },
});
