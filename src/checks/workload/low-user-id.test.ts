import { testCheck } from '../check-tester.js';
import check from './low-user-id.js';

testCheck(check, {
  valid: [
    { name: 'high UID on the pod', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {securityContext: {runAsUser: 10001}, containers: [{name: a, image: a}]}' },
    { name: 'unset: the image decides', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}]}' },
    { name: 'root is the Pod Security checks\' business', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, securityContext: {runAsUser: 0}}]}' },
    {
      name: 'container overrides a low pod UID',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {securityContext: {runAsUser: 1000}, containers: [{name: a, image: a, securityContext: {runAsUser: 20000}}]}',
    },
  ],
  invalid: [
    {
      name: 'pod-level UID 1000 reported once for two containers',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {securityContext: {runAsUser: 1000}, containers: [{name: a, image: a}, {name: b, image: b}]}}}',
      errors: [{ messageId: 'low', path: 'spec.template.spec.securityContext.runAsUser' }],
    },
    {
      name: 'container UID',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, securityContext: {runAsUser: 101}}]}',
      errors: [{ messageId: 'low', path: 'spec.containers[0].securityContext.runAsUser', container: 'a' }],
    },
  ],
});
