import { testCheck } from '../check-tester.js';
import check from './memory-limits-missing.js';

testCheck(check, {
  valid: [{ name: 'limit set', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, resources: {limits: {memory: 128Mi}}}]}' }],
  invalid: [
    {
      name: 'no resources at all, two containers',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}, {name: b, image: b, resources: {limits: {memory: ""}}}]}',
      errors: [
        { messageId: 'missing', path: 'spec.containers[0].resources.limits.memory', container: 'a' },
        { messageId: 'missing', path: 'spec.containers[1].resources.limits.memory', container: 'b' },
      ],
    },
  ],
});
