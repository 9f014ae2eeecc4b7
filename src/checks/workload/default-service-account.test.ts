import { testCheck } from '../check-tester.js';
import check from './default-service-account.js';

testCheck(check, {
  valid: [
    { name: 'dedicated account', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {serviceAccountName: web, containers: [{name: a, image: a}]}' },
    { name: 'deprecated field with a dedicated account', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {serviceAccount: web, containers: [{name: a, image: a}]}' },
  ],
  invalid: [
    {
      name: 'no account named',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: redis-cart}\nspec: {template: {spec: {containers: [{name: redis, image: "redis:alpine"}]}}}',
      errors: [{ messageId: 'implicit', path: 'spec.template.spec.serviceAccountName' }],
    },
    {
      name: 'default named explicitly',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {serviceAccountName: default, containers: [{name: a, image: a}]}',
      errors: [{ messageId: 'explicit', path: 'spec.serviceAccountName' }],
    },
  ],
});
