import { testCheck } from '../check-tester.js';
import check from './runtime-class-not-found.js';

const pod = (runtimeClass: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {runtimeClassName: ${runtimeClass}, containers: [{name: a, image: a}]}`;
const runtimeClass = (name: string) => `apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: ${name}}\nhandler: runsc`;

testCheck(check, {
  valid: [
    { name: 'declared class', yaml: `${pod('gvisor')}\n---\n${runtimeClass('gvisor')}` },
    { name: 'no RuntimeClasses in the scan', yaml: pod('gvisor') },
  ],
  invalid: [
    {
      name: 'misspelt class',
      yaml: `${pod('gvsior')}\n---\n${runtimeClass('gvisor')}\n---\n${runtimeClass('kata')}`,
      errors: [{ messageId: 'notFound', path: 'spec.runtimeClassName' }],
    },
  ],
});
