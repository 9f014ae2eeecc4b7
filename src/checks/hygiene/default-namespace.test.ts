import { testCheck } from '../check-tester.js';
import check from './default-namespace.js';

testCheck(check, {
  valid: [
    { name: 'dedicated namespace', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}' },
    { name: 'no namespace written', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}' },
  ],
  invalid: [
    {
      name: 'kubernetes-goat system-monitor',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: system-monitor-deployment, namespace: default}\nspec: {template: {spec: {containers: [{name: a, image: a}]}}}',
      errors: [{ messageId: 'defaultNamespace', path: 'metadata.namespace' }],
    },
  ],
});
