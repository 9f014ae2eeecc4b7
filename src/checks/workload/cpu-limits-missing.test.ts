import { testCheck } from '../check-tester.js';
import check from './cpu-limits-missing.js';

testCheck(check, {
  valid: [{ name: 'limit set', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, resources: {limits: {cpu: 500m}}}]}' }],
  invalid: [
    {
      name: 'a request is not a limit',
      yaml: 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: a, resources: {requests: {cpu: 100m}}}]}}}}}',
      errors: [{ messageId: 'missing', path: 'spec.jobTemplate.spec.template.spec.containers[0].resources.limits.cpu', container: 'a' }],
    },
  ],
});
