import { testCheck } from '../check-tester.js';
import check from './readiness-probe-missing.js';

testCheck(check, {
  valid: [
    { name: 'probe set', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, readinessProbe: {grpc: {port: 9555}}}]}' },
    { name: 'CronJobs run to completion', yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: a}]}}}}}' },
  ],
  invalid: [
    {
      name: 'only a liveness probe',
      yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec: {template: {spec: {containers: [{name: db, image: a, livenessProbe: {tcpSocket: {port: 5432}}}]}}}',
      errors: [{ messageId: 'missing', path: 'spec.template.spec.containers[0].readinessProbe', container: 'db' }],
    },
  ],
});
