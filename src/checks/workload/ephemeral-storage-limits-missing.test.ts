import { testCheck } from '../check-tester.js';
import check from './ephemeral-storage-limits-missing.js';

testCheck(check, {
  valid: [{ name: 'limit set', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, resources: {limits: {ephemeral-storage: 2Gi}}}]}' }],
  invalid: [
    {
      name: 'memory limit only',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, resources: {limits: {memory: 1Gi}}}]}',
      errors: [{ messageId: 'missing', path: 'spec.containers[0].resources.limits.ephemeral-storage', container: 'a' }],
    },
  ],
});
