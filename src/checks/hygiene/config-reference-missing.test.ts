import { testCheck } from '../check-tester.js';
import check from './config-reference-missing.js';

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: ${spec}`;
const cm = (name: string, namespace = 'shop') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${namespace}}\ndata: {a: b}`;

testCheck(check, {
  valid: [
    { name: 'present', yaml: `${pod('{containers: [{name: a, image: a, envFrom: [{configMapRef: {name: settings}}]}]}')}\n---\n${cm('settings')}` },
    { name: 'optional reference', yaml: `${pod('{containers: [{name: a, image: a, envFrom: [{configMapRef: {name: extra, optional: true}}]}]}')}\n---\n${cm('settings')}` },
    { name: 'no ConfigMaps of the namespace in the scan', yaml: `${pod('{containers: [{name: a, image: a, envFrom: [{configMapRef: {name: x}}]}]}')}\n---\n${cm('x', 'other')}` },
    { name: 'the root CA ConfigMap is implicit', yaml: `${pod('{containers: [{name: a, image: a}], volumes: [{name: ca, configMap: {name: kube-root-ca.crt}}]}')}\n---\n${cm('settings')}` },
  ],
  invalid: [
    {
      name: 'misspelt ConfigMap volume',
      yaml: `${pod('{containers: [{name: a, image: a}], volumes: [{name: c, configMap: {name: setings}}]}')}\n---\n${cm('settings')}`,
      errors: [{ messageId: 'missing', path: 'spec.volumes[0].configMap.name' }],
    },
    {
      name: 'missing Secret key reference',
      yaml: `${pod('{containers: [{name: a, image: a, env: [{name: K, valueFrom: {secretKeyRef: {name: creds, key: k}}}]}]}')}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: other, namespace: shop}`,
      errors: [{ messageId: 'missing', path: 'spec.containers[0].env[0].valueFrom.secretKeyRef.name' }],
    },
  ],
});
