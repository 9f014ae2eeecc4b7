import { testCheck } from '../check-tester.js';
import check from './egress-to-internet-all-ports.js';

const policy = (egress: string, types = '[Egress]') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: ${types}
  egress:
${egress}`;

testCheck(check, {
  valid: [
    { name: 'internet on 443 only', yaml: policy('  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: 443}]') },
    { name: 'all ports to a named range', yaml: policy('  - to: [{ipBlock: {cidr: 203.0.113.0/24}}]') },
    { name: 'egress rules of a policy that does not isolate egress have no effect', yaml: policy('  - {}', '[Ingress]') },
  ],
  invalid: [
    { name: 'ipBlock 0.0.0.0/0 without ports', yaml: policy('  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]'), errors: [{ messageId: 'open', path: 'spec.egress[0].to[0]' }] },
    { name: 'an empty egress rule allows everything', yaml: policy('  - ports: [{port: 53, protocol: UDP}]\n  - {}'), errors: [{ messageId: 'open', path: 'spec.egress[1]' }] },
  ],
});
