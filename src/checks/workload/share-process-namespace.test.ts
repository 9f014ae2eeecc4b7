import { testCheck } from '../check-tester.js';
import check from './share-process-namespace.js';

const pod = (value: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {${value}containers: [{name: a, image: a}]}`;

testCheck(check, {
  valid: [
    { name: 'not set', yaml: pod('') },
    { name: 'false', yaml: pod('shareProcessNamespace: false, ') },
  ],
  invalid: [
    {
      name: 'shared',
      yaml: pod('shareProcessNamespace: true, '),
      errors: [{ messageId: 'shared', path: 'spec.shareProcessNamespace' }],
      output: pod('shareProcessNamespace: false, '),
    },
  ],
});
