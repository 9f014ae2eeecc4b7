import { testCheck } from '../check-tester.js';
import check from './host-aliases.js';

testCheck(check, {
  valid: [{ name: 'no aliases', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostAliases: [], containers: [{name: a, image: a}]}' }],
  invalid: [
    {
      name: 'aliases',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostAliases: [{ip: 10.0.0.9, hostnames: [api.example.com]}], containers: [{name: a, image: a}]}',
      errors: [{ messageId: 'aliases', path: 'spec.hostAliases' }],
    },
  ],
});
