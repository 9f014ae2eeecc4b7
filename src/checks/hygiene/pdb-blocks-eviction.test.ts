import { testCheck } from '../check-tester.js';
import check from './pdb-blocks-eviction.js';

const pdb = (spec: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {selector: {matchLabels: {app: web}}, ${spec}}`;

testCheck(check, {
  valid: [
    { name: 'one at a time', yaml: pdb('maxUnavailable: 1') },
    { name: 'percentage', yaml: pdb('minAvailable: "50%"') },
  ],
  invalid: [
    { name: 'no disruption', yaml: pdb('maxUnavailable: 0'), errors: [{ messageId: 'blocks', path: 'spec.maxUnavailable' }] },
    { name: 'everything available', yaml: pdb('minAvailable: "100%"'), errors: [{ messageId: 'blocks', path: 'spec.minAvailable' }] },
  ],
});
