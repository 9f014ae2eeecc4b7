import { testCheck } from '../check-tester.js';
import check from './namespace-pss-enforce.js';

const ns = (labels: string, name = 'shop') => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${labels}}`;

testCheck(check, {
  valid: [
    { name: 'restricted', yaml: ns('{pod-security.kubernetes.io/enforce: restricted}') },
    { name: 'baseline', yaml: ns('{pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/enforce-version: v1.30}') },
    { name: 'kube-system may be privileged', yaml: ns('{pod-security.kubernetes.io/enforce: privileged}', 'kube-system') },
  ],
  invalid: [
    {
      name: 'no labels',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}',
      errors: [{ messageId: 'missing', path: 'metadata.labels["pod-security.kubernetes.io/enforce"]' }],
      output: ns('{pod-security.kubernetes.io/enforce: baseline}'),
    },
    {
      name: 'only warn',
      yaml: ns('{pod-security.kubernetes.io/warn: restricted}'),
      errors: [{ messageId: 'missing' }],
      output: ns('{pod-security.kubernetes.io/warn: restricted, pod-security.kubernetes.io/enforce: baseline}'),
    },
    { name: 'privileged', yaml: ns('{pod-security.kubernetes.io/enforce: privileged}'), errors: [{ messageId: 'privileged' }] },
    { name: 'misspelt level', yaml: ns('{pod-security.kubernetes.io/enforce: restrict}'), errors: [{ messageId: 'invalid' }] },
  ],
});
