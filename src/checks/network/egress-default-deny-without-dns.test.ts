import { testCheck } from '../check-tester.js';
import { deployment } from './fixtures.js';
import check from './egress-default-deny-without-dns.js';

const WEB = deployment('web', 'shop');

const withPolicy = (spec: string) => `${WEB}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
${spec}`;

testCheck(check, {
  valid: [
    { name: 'not isolated for egress', yaml: WEB },
    {
      name: 'DNS to kube-dns allowed',
      yaml: withPolicy(`  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]`),
    },
    {
      name: 'DNS to any destination',
      yaml: withPolicy(`  podSelector: {}
  policyTypes: [Egress]
  egress:
  - ports: [{port: 53, protocol: UDP}]`),
    },
    {
      name: 'a node-local DNS address',
      yaml: withPolicy(`  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 169.254.20.10/32}}]
    ports: [{port: 53, protocol: UDP}]`),
    },
  ],
  invalid: [
    { name: 'default deny egress', yaml: withPolicy('  podSelector: {}\n  policyTypes: [Egress]'), errors: [{ messageId: 'noDns' }] },
    {
      name: 'DNS over TCP only',
      yaml: withPolicy(`  podSelector: {matchLabels: {app: web}}
  egress:
  - to: [{namespaceSelector: {}}]
    ports: [{port: 53, protocol: TCP}]`),
      errors: [{ messageId: 'noDns' }],
    },
    {
      name: 'a DNS rule whose selector misses the DNS pods',
      yaml: withPolicy(`  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {k8s-app: kube-dns}}}]
    ports: [{port: 53, protocol: UDP}]`),
      errors: [{ messageId: 'noDns' }],
    },
  ],
});
