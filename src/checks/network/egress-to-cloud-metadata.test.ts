import { testCheck } from '../check-tester.js';
import check from './egress-to-cloud-metadata.js';

const policy = (egress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: out, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
${egress}`;

testCheck(check, {
  valid: [
    { name: 'metadata excepted', yaml: policy('  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]') },
    { name: 'link-local allowed on DNS port only', yaml: policy('  - to: [{ipBlock: {cidr: 169.254.0.0/16}}]\n    ports: [{port: 53, protocol: UDP}]') },
    { name: 'private range without link-local', yaml: policy('  - to: [{ipBlock: {cidr: 10.0.0.0/8}}]') },
  ],
  invalid: [
    { name: 'everything on port 80', yaml: policy('  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: 80}]'), errors: [{ messageId: 'metadata', path: 'spec.egress[0].to[0].ipBlock' }] },
    { name: 'the metadata address itself, port range', yaml: policy('  - to: [{ipBlock: {cidr: 169.254.169.254/32}}]\n    ports: [{port: 1, endPort: 1024}]'), errors: [{ messageId: 'metadata' }] },
  ],
});
