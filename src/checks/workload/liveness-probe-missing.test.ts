import { testCheck } from '../check-tester.js';
import check from './liveness-probe-missing.js';

testCheck(check, {
  valid: [
    { name: 'probe set', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, livenessProbe: {httpGet: {path: /healthz, port: 8080}}}]}' },
    { name: 'Jobs run to completion', yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {containers: [{name: a, image: a}]}}}' },
    {
      name: 'init containers are exempt',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {initContainers: [{name: i, image: i}], containers: [{name: a, image: a, livenessProbe: {tcpSocket: {port: 80}}}]}',
    },
  ],
  invalid: [
    {
      name: 'deployment without probe',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: loadgenerator}\nspec: {template: {spec: {containers: [{name: main, image: a}]}}}',
      errors: [{ messageId: 'missing', path: 'spec.template.spec.containers[0].livenessProbe', container: 'main' }],
    },
  ],
});
