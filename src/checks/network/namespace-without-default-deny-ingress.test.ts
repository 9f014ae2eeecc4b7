import { testCheck } from '../check-tester.js';
import { deployment, docs, namespace } from './fixtures.js';
import check from './namespace-without-default-deny-ingress.js';

const NAMESPACE = `${docs(namespace('shop'), deployment('web', 'shop'))}\n`;

testCheck(check, {
  valid: [
    {
      name: 'namespace with a default-deny ingress policy',
      yaml: `${NAMESPACE}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}}`,
    },
    {
      name: 'default deny for both directions',
      yaml: `${NAMESPACE}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}`,
    },
    {
      name: 'namespace whose only pods use the host network',
      yaml: `apiVersion: v1
kind: Namespace
metadata: {name: agents}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: agents}
spec:
  template:
    metadata: {labels: {app: agent}}
    spec: {hostNetwork: true, containers: [{name: a, image: a:1}]}`,
    },
  ],
  invalid: [
    {
      name: 'namespace with workloads and no policy',
      yaml: NAMESPACE,
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'an allow-all policy over every pod is not a default deny',
      yaml: `${NAMESPACE}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: shop}
spec:
  podSelector: {}
  ingress: [{}]`,
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'egress-only default deny leaves ingress open',
      yaml: `${NAMESPACE}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Egress]}`,
      errors: [{ messageId: 'missing' }],
    },
  ],
});
