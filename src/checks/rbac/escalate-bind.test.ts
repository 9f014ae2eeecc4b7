import { testCheck } from '../check-tester.js';
import check from './escalate-bind.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

testCheck(check, {
  valid: [
    { name: 'reading roles', yaml: clusterGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [roles, clusterroles], verbs: [get, list]}]') },
    { name: 'bind in another API group', yaml: clusterGrant('[{apiGroups: [example.com], resources: [roles], verbs: [bind]}]') },
    {
      name: 'bind limited to view, a role granting nothing powerful',
      yaml: clusterGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [view]}]'),
    },
    {
      name: 'bind limited to a defined read-only role',
      yaml: `${namespaceGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind], resourceNames: [reader]}]')}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team}
rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]`,
    },
  ],
  invalid: [
    {
      name: 'escalate clusterroles cluster-wide is critical',
      yaml: clusterGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'critical' }],
    },
    {
      name: 'bind roles in a namespace, limited to a role that reads secrets, is high',
      yaml: `${namespaceGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [bind], resourceNames: [secrets]}]')}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: secrets, namespace: team}
rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]`,
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
    {
      name: 'bind limited to admin (a default role that is not in the manifests)',
      yaml: clusterGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [bind], resourceNames: [admin]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'critical' }],
    },
  ],
});
