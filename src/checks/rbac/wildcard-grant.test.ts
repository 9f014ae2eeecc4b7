import { testCheck } from '../check-tester.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';
import check from './wildcard-grant.js';

testCheck(check, {
  valid: [
    { name: 'explicit verbs and resources', yaml: clusterGrant('[{apiGroups: [apps], resources: [deployments], verbs: [get, list, update]}]') },
    { name: 'read-only on every resource', yaml: namespaceGrant('[{apiGroups: ["*"], resources: ["*"], verbs: [get, list, watch]}]') },
  ],
  invalid: [
    {
      name: '* verbs on deployments cluster-wide',
      yaml: clusterGrant('[{apiGroups: [apps], resources: [deployments], verbs: ["*"]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
    {
      name: 'delete on every resource of a namespace',
      yaml: namespaceGrant('[{apiGroups: ["*"], resources: ["*"], verbs: [delete]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'medium' }],
    },
  ],
});
