import { testCheck } from '../check-tester.js';
import check from './secret-in-env-var.js';

const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - ${container}`;

testCheck(check, {
  valid: [
    { name: 'ConfigMap reference', yaml: pod('{name: a, image: a, env: [{name: MODE, valueFrom: {configMapKeyRef: {name: c, key: mode}}}], envFrom: [{configMapRef: {name: c}}]}') },
    { name: 'field reference', yaml: pod('{name: a, image: a, env: [{name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]}') },
  ],
  invalid: [
    {
      name: 'kubernetes-goat system-monitor vault key',
      yaml: pod('{name: a, image: a, env: [{name: K8S_GOAT_VAULT_KEY, valueFrom: {secretKeyRef: {name: goatvault, key: k8sgoatvaultkey}}}]}'),
      errors: [{ messageId: 'keyRef', path: 'spec.containers[0].env[0].valueFrom.secretKeyRef', container: 'a' }],
    },
    {
      name: 'whole Secret through envFrom',
      yaml: pod('{name: a, image: a, envFrom: [{configMapRef: {name: c}}, {secretRef: {name: creds}}]}'),
      errors: [{ messageId: 'envFrom', path: 'spec.containers[0].envFrom[1].secretRef' }],
    },
  ],
});
