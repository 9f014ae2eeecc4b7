import { testCheck } from '../check-tester.js';
import check from './legacy-service-account-token.js';

testCheck(check, {
  valid: [
    { name: 'opaque Secret', yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\ndata: {a: Yg==}' },
    { name: 'ServiceAccount alone', yaml: 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: ci}' },
  ],
  invalid: [
    {
      name: 'token Secret for a CI account',
      yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: ci-token, namespace: build, annotations: {kubernetes.io/service-account.name: ci}}\ntype: kubernetes.io/service-account-token',
      errors: [{ messageId: 'legacy', path: 'type' }],
    },
  ],
});
