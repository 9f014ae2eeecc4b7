import { testCheck } from '../check-tester.js';
import check from './escalate-bind.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

testCheck(check, {
  valid: [
    { name: 'reading roles', yaml: clusterGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [roles, clusterroles], verbs: [get, list]}]') },
    { name: 'bind in another API group', yaml: clusterGrant('[{apiGroups: [example.com], resources: [roles], verbs: [bind]}]') },
  ],
  invalid: [
    {
      name: 'escalate clusterroles cluster-wide is critical',
      yaml: clusterGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'critical' }],
    },
    {
      name: 'bind roles in a namespace, even limited by name, is high',
      yaml: namespaceGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind], resourceNames: [admin]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
  ],
});
