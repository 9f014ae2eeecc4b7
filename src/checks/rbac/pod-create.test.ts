import { testCheck } from '../check-tester.js';
import check from './pod-create.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

testCheck(check, {
  valid: [
    { name: 'read-only on pods and deployments', yaml: clusterGrant('[{apiGroups: ["", apps], resources: [pods, deployments], verbs: [get, list, watch]}]') },
    { name: 'deployments in the wrong API group', yaml: clusterGrant('[{apiGroups: [""], resources: [deployments], verbs: [create]}]') },
    { name: 'scaling is not changing the pod spec', yaml: namespaceGrant('[{apiGroups: [apps], resources: [deployments/scale], verbs: [update, patch]}]') },
  ],
  invalid: [
    {
      name: 'create deployments cluster-wide is high',
      yaml: clusterGrant('[{apiGroups: [apps], resources: [deployments], verbs: [create]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
    {
      name: 'create pods in a namespace is medium',
      yaml: namespaceGrant('[{apiGroups: [""], resources: [pods], verbs: [create]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'medium' }],
    },
    {
      name: 'patch cronjobs through a wildcard group',
      yaml: namespaceGrant('[{apiGroups: ["*"], resources: [cronjobs], verbs: [patch]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'medium' }],
    },
  ],
});
