import { testCheck } from '../check-tester.js';
import check from './removed-api-version.js';

const cronJob = (apiVersion: string) => `apiVersion: ${apiVersion}\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: "* * * * *", jobTemplate: {spec: {template: {spec: {containers: [{name: a, image: a}]}}}}}`;

testCheck(check, {
  valid: [
    { name: 'current version', yaml: cronJob('batch/v1') },
    { name: 'removed later than the target', yaml: cronJob('batch/v1beta1'), options: { kubeVersion: 'v1.24' } },
    { name: 'a CRD kind sharing a name', yaml: 'apiVersion: example.com/v1beta1\nkind: CronJob\nmetadata: {name: c}' },
  ],
  invalid: [
    {
      name: 'CronJob batch/v1beta1 on v1.25',
      yaml: cronJob('batch/v1beta1'),
      options: { kubeVersion: 'v1.25' },
      errors: [{ messageId: 'removed', path: 'apiVersion' }],
      output: cronJob('batch/v1'),
    },
    {
      name: 'extensions Deployment needs more than a rename',
      yaml: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: [{name: a, image: a}]}}}',
      errors: [{ messageId: 'removed', path: 'apiVersion' }],
    },
    {
      name: 'PodSecurityPolicy has no replacement',
      yaml: 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: restricted}\nspec: {privileged: false}',
      options: { kubeVersion: 'latest' },
      errors: [{ messageId: 'removedNoReplacement' }],
    },
    {
      name: 'flowcontrol v1beta3 on v1.32',
      yaml: 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: f}\nspec: {}',
      options: { kubeVersion: 'v1.32' },
      errors: [{ messageId: 'removed' }],
    },
    {
      name: 'RBAC v1beta1 renames cleanly',
      yaml: 'apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules: []',
      errors: [{ messageId: 'removed' }],
      output: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules: []',
    },
  ],
});
