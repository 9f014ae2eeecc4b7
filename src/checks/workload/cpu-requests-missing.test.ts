import { testCheck } from '../check-tester.js';
import check from './cpu-requests-missing.js';

testCheck(check, {
  valid: [
    { name: 'request set', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, resources: {requests: {cpu: 100m}}}]}' },
    { name: 'a limit implies the request', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, resources: {limits: {cpu: "1"}}}]}' },
    { name: 'a Service is not a workload', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}' },
  ],
  invalid: [
    {
      name: 'init container without resources',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {initContainers: [{name: init, image: i}], containers: [{name: a, image: a, resources: {requests: {cpu: 100m}}}]}}}',
      errors: [{ messageId: 'missing', path: 'spec.template.spec.initContainers[0].resources.requests.cpu', container: 'init' }],
    },
  ],
});
