import { testCheck } from '../check-tester.js';
import check from './low-group-id.js';

testCheck(check, {
  valid: [{ name: 'high GID', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {securityContext: {runAsGroup: 10001}, containers: [{name: a, image: a}]}' }],
  invalid: [
    {
      name: 'root group',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, securityContext: {runAsGroup: 0}}]}',
      errors: [{ messageId: 'low', path: 'spec.containers[0].securityContext.runAsGroup', container: 'a' }],
    },
  ],
});
