import { testCheck } from '../check-tester.js';
import check from './policy-selects-no-pod.js';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: web, image: web:1}]}`;

testCheck(check, {
  valid: [
    {
      name: 'selects the workload by one of its labels',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {tier: front}}}
---
${WEB}`,
    },
    {
      name: 'a policy scanned without the workloads of its namespace',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {app: nothing-here}}}`,
    },
    {
      name: 'Exists expression',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchExpressions: [{key: tier, operator: Exists}]}
---
${WEB}`,
    },
  ],
  invalid: [
    {
      name: 'label typo',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {app: wbe}}}
---
${WEB}`,
      errors: [{ messageId: 'selectsNothing', path: 'spec.podSelector' }],
    },
    {
      name: 'DoesNotExist on a label every pod has',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: untiered, namespace: shop}
spec:
  podSelector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}
---
${WEB}`,
      errors: [{ messageId: 'selectsNothing' }],
    },
  ],
});
