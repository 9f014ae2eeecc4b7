import { testCheck } from '../check-tester.js';
import check from './deprecated-service-account-field.js';

const pod = (fields: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {${fields}containers: [{name: a, image: a}]}`;

testCheck(check, {
  valid: [{ name: 'serviceAccountName', yaml: pod('serviceAccountName: web, ') }],
  invalid: [
    { name: 'alias only', yaml: pod('serviceAccount: web, '), errors: [{ messageId: 'deprecated', path: 'spec.serviceAccount' }], output: pod('serviceAccountName: web, ') },
    { name: 'both, equal', yaml: pod('serviceAccount: web, serviceAccountName: web, '), errors: [{ messageId: 'deprecated' }], output: pod('serviceAccountName: web, ') },
    { name: 'both, different', yaml: pod('serviceAccount: admin, serviceAccountName: web, '), errors: [{ messageId: 'conflicting', path: 'spec.serviceAccount' }] },
  ],
});
