import { testCheck } from '../check-tester.js';
import check from './requests-exceed-limits.js';

const pod = (resources: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, resources: ${resources}}]}`;

testCheck(check, {
  valid: [
    { name: 'request below limit across units', yaml: pod('{requests: {cpu: 500m, memory: 1G}, limits: {cpu: "1", memory: 1Gi}}') },
    { name: 'equal', yaml: pod('{requests: {memory: 64Mi}, limits: {memory: 64Mi}}') },
    { name: 'request without limit', yaml: pod('{requests: {cpu: "4"}}') },
  ],
  invalid: [
    {
      name: 'memory request above limit',
      yaml: pod('{requests: {memory: 2Gi}, limits: {memory: 1Gi}}'),
      errors: [{ messageId: 'exceeds', path: 'spec.containers[0].resources.requests.memory', container: 'a' }],
    },
    { name: 'unparsable quantity', yaml: pod('{limits: {memory: 1GB}}'), errors: [{ messageId: 'invalid', path: 'spec.containers[0].resources.limits.memory' }] },
  ],
});
