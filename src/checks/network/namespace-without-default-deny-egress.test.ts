import { testCheck } from '../check-tester.js';
import { deployment, docs, namespace } from './fixtures.js';
import check from './namespace-without-default-deny-egress.js';

const NAMESPACE = `${docs(namespace('shop'), deployment('web', 'shop'))}\n`;

testCheck(check, {
  valid: [
    {
      name: 'namespace with a default-deny egress policy',
      yaml: `${NAMESPACE}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Egress]}`,
    },
  ],
  invalid: [
    {
      name: 'a policy without policyTypes and without egress rules isolates ingress only',
      yaml: `${NAMESPACE}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}}`,
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'namespace only implied by its workloads',
      yaml: deployment('web', 'shop'),
      errors: [{ messageId: 'missing' }],
    },
  ],
});
