import { testCheck } from '../../checks/check-tester.js';
import check from './exec-guard.js';

testCheck(check, {
  valid: [
    { name: 'ordinary pod', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}]}' },
    { name: 'privileged false and host namespaces off', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostPID: false, hostNetwork: false, containers: [{name: a, image: a, securityContext: {privileged: false}}]}' },
    { name: 'a Deployment is not an exec target', yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {hostPID: true, containers: [{name: a, image: a}]}}}' },
  ],
  invalid: [
    {
      name: 'privileged init and app containers',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: i, image: i, securityContext: {privileged: true}}]\n  containers: [{name: a, image: a, securityContext: {privileged: true}}]',
      errors: [
        { messageId: 'privileged', path: 'spec.initContainers[0].securityContext.privileged', container: 'i' },
        { messageId: 'privileged', path: 'spec.containers[0].securityContext.privileged', container: 'a' },
      ],
    },
    {
      name: 'every host namespace',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostPID: true, hostIPC: true, hostNetwork: true, containers: [{name: a, image: a}]}',
      errors: [
        { messageId: 'hostNamespace', path: 'spec.hostPID' },
        { messageId: 'hostNamespace', path: 'spec.hostIPC' },
        { messageId: 'hostNamespace', path: 'spec.hostNetwork' },
      ],
    },
  ],
});
