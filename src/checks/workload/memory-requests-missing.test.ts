import { testCheck } from '../check-tester.js';
import check from './memory-requests-missing.js';

testCheck(check, {
  valid: [
    { name: 'request set', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, resources: {requests: {memory: 64Mi}}}]}' },
    { name: 'a limit implies the request', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, resources: {limits: {memory: 64Mi}}}]}' },
  ],
  invalid: [
    {
      name: 'only cpu requested',
      yaml: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec: {template: {spec: {containers: [{name: db, image: a, resources: {requests: {cpu: 100m}}}]}}}',
      errors: [{ messageId: 'missing', path: 'spec.template.spec.containers[0].resources.requests.memory', container: 'db' }],
    },
  ],
});
