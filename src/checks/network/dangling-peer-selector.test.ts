import { testCheck } from '../check-tester.js';
import { deployment } from './fixtures.js';
import check from './dangling-peer-selector.js';

const PODS = `apiVersion: v1
kind: Namespace
metadata: {name: monitoring, labels: {team: ops}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: prometheus, namespace: monitoring}
spec:
  template:
    metadata: {labels: {app: prometheus}}
    spec: {containers: [{name: p, image: prom:1}]}
---
${deployment('web', 'shop')}`;

const policy = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
${from}
---
${PODS}`;

testCheck(check, {
  valid: [
    { name: 'namespace selected by its automatic name label', yaml: policy('    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}') },
    { name: 'a built-in namespace exists even when the input does not declare it', yaml: policy('    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}') },
    { name: 'namespace and pod selector in one peer (AND) matching a pod', yaml: policy('    - namespaceSelector: {matchLabels: {team: ops}}\n      podSelector: {matchLabels: {app: prometheus}}') },
    { name: 'pod selector in the policy namespace', yaml: policy('    - podSelector: {matchLabels: {app: web}}') },
    { name: 'ipBlock peers are not selectors', yaml: policy('    - ipBlock: {cidr: 10.0.0.0/8}') },
  ],
  invalid: [
    {
      name: 'namespace label nobody carries',
      yaml: policy('    - namespaceSelector: {matchLabels: {team: operations}}'),
      errors: [{ messageId: 'noNamespace', path: 'spec.ingress[0].from[0]' }],
    },
    {
      name: 'pod label typo in the policy namespace',
      yaml: policy('    - podSelector: {matchLabels: {app: front}}\n    - podSelector: {matchLabels: {app: web}}'),
      errors: [{ messageId: 'noPod', path: 'spec.ingress[0].from[0]' }],
    },
    {
      name: 'namespace matches but the pod selector does not (AND)',
      yaml: policy('    - namespaceSelector: {matchLabels: {team: ops}}\n      podSelector: {matchLabels: {app: grafana}}'),
      errors: [{ messageId: 'noPod', path: 'spec.ingress[0].from[0]' }],
    },
  ],
});
