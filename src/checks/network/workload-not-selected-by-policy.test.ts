import { testCheck } from '../check-tester.js';
import { deployment } from './fixtures.js';
import check from './workload-not-selected-by-policy.js';

const WEB = `${deployment('web', 'shop')}\n`;

testCheck(check, {
  valid: [
    {
      name: 'selected by a policy with matchLabels',
      yaml: `${WEB}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {app: web}}}`,
    },
    {
      name: 'selected by an empty podSelector',
      yaml: `${WEB}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Egress]}`,
    },
    {
      name: 'selected by an AdminNetworkPolicy subject',
      yaml: `${WEB}---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: shop-guard}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
    },
    {
      name: 'host-network pods are outside policy (another check)',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: shop}
spec: {hostNetwork: true, containers: [{name: a, image: a:1}]}`,
    },
  ],
  invalid: [
    {
      name: 'no policy at all',
      yaml: WEB,
      errors: [{ messageId: 'unselected', path: 'spec.template.metadata.labels' }],
    },
    {
      name: 'a policy in another namespace does not select it',
      yaml: `${WEB}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all, namespace: other}
spec: {podSelector: {}}`,
      errors: [{ messageId: 'unselected' }],
    },
    {
      name: 'matchExpressions NotIn excludes it',
      yaml: `${WEB}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: not-web, namespace: shop}
spec:
  podSelector:
    matchExpressions: [{key: app, operator: NotIn, values: [web]}]`,
      errors: [{ messageId: 'unselected' }],
    },
  ],
});
