import { testCheck } from '../check-tester.js';
import check from './impersonate.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

testCheck(check, {
  valid: [
    { name: 'reading service accounts', yaml: clusterGrant('[{apiGroups: [""], resources: [serviceaccounts], verbs: [get, list]}]') },
    { name: 'impersonating users through a RoleBinding grants nothing (users are cluster-scoped)', yaml: namespaceGrant('[{apiGroups: [""], resources: [users, groups], verbs: [impersonate]}]') },
  ],
  invalid: [
    {
      name: 'impersonate groups cluster-wide, even only system:masters, is critical',
      yaml: clusterGrant('[{apiGroups: [""], resources: [groups], verbs: [impersonate], resourceNames: ["system:masters"]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'critical' }],
    },
    {
      name: 'impersonate service accounts of a namespace is high',
      yaml: namespaceGrant('[{apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
  ],
});
