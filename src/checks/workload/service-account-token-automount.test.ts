import { testCheck } from '../check-tester.js';
import check from './service-account-token-automount.js';

testCheck(check, {
  valid: [
    { name: 'pod opts out', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {automountServiceAccountToken: false, containers: [{name: a, image: a}]}' },
    {
      name: 'service account opts out',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec: {serviceAccountName: app, containers: [{name: a, image: a}]}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: ns}\nautomountServiceAccountToken: false',
    },
    { name: 'a Service is not a workload', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}' },
  ],
  invalid: [
    {
      name: 'nothing set',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: a}]',
      errors: [{ messageId: 'implicit', path: 'spec.template.spec.automountServiceAccountToken' }],
      output: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      automountServiceAccountToken: false\n      containers: [{name: a, image: a}]',
    },
    {
      name: 'pod overrides an opted-out service account',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec: {serviceAccountName: app, automountServiceAccountToken: true, containers: [{name: a, image: a}]}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: ns}\nautomountServiceAccountToken: false',
      errors: [{ messageId: 'explicit', path: 'spec.automountServiceAccountToken' }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec: {serviceAccountName: app, automountServiceAccountToken: false, containers: [{name: a, image: a}]}',
    },
    {
      name: 'service account in another namespace does not count',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec: {serviceAccountName: app, containers: [{name: a, image: a}]}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: other}\nautomountServiceAccountToken: false',
      errors: [{ messageId: 'implicit' }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec: {serviceAccountName: app, containers: [{name: a, image: a}], automountServiceAccountToken: false}',
    },
  ],
});
