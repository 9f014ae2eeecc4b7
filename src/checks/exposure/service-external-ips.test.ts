import { testCheck } from '../check-tester.js';
import check from './service-external-ips.js';

testCheck(check, {
  valid: [{ name: 'none', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}], externalIPs: []}' }],
  invalid: [
    {
      name: 'external IP claimed',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: mitm, namespace: tenant}\nspec: {ports: [{port: 5432}], externalIPs: [23.185.0.3]}',
      errors: [{ messageId: 'externalIPs', path: 'spec.externalIPs' }],
      output: 'apiVersion: v1\nkind: Service\nmetadata: {name: mitm, namespace: tenant}\nspec: {ports: [{port: 5432}]}',
    },
  ],
});
