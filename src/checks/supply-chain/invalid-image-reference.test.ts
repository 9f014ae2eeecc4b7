import { testCheck } from '../check-tester.js';
import check from './invalid-image-reference.js';

testCheck(check, {
  valid: [{ name: 'well-formed', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: "gcr.io/p/app:1.0.0"}]}' }],
  invalid: [
    {
      name: 'no image',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: [{name: a}]}}}',
      errors: [{ messageId: 'missing', path: 'spec.template.spec.containers[0].image', container: 'a' }],
    },
    {
      name: 'upper-case repository',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: "MyApp:1.0"}]}',
      errors: [{ messageId: 'malformed', path: 'spec.containers[0].image' }],
    },
  ],
});
