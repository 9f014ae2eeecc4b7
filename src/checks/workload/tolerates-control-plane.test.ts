import { testCheck } from '../check-tester.js';
import check from './tolerates-control-plane.js';

const pod = (tolerations: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {tolerations: ${tolerations}, containers: [{name: a, image: a}]}`;

testCheck(check, {
  valid: [
    { name: 'specific taint', yaml: pod('[{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]') },
    { name: 'not-ready taint for a grace period', yaml: pod('[{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]') },
  ],
  invalid: [
    { name: 'tolerates everything', yaml: pod('[{operator: Exists}]'), errors: [{ messageId: 'everything', path: 'spec.tolerations[0]' }] },
    {
      name: 'kube-bench master job',
      yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: kube-bench-master}\nspec: {template: {spec: {tolerations: [{key: node-role.kubernetes.io/master, operator: Exists, effect: NoSchedule}], containers: [{name: a, image: a}]}}}',
      errors: [{ messageId: 'controlPlane', path: 'spec.template.spec.tolerations[0]' }],
    },
  ],
});
