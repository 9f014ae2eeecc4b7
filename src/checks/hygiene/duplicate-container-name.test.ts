import { testCheck } from '../check-tester.js';
import check from './duplicate-container-name.js';

testCheck(check, {
  valid: [{ name: 'distinct', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {initContainers: [{name: init, image: a}], containers: [{name: app, image: a}]}' }],
  invalid: [
    {
      name: 'init container named like the app',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {initContainers: [{name: app, image: a}], containers: [{name: app, image: a}]}',
      errors: [{ messageId: 'duplicate', path: 'spec.containers[0].name' }],
    },
  ],
});
