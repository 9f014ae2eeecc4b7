import { testCheck } from '../check-tester.js';
import check from './namespace-without-default-deny-egress.js';

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1}]}
`;

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
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1}]}`,
      errors: [{ messageId: 'missing' }],
    },
  ],
});
