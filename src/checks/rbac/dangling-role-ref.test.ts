import { testCheck } from '../check-tester.js';
import check from './dangling-role-ref.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

testCheck(check, {
  valid: [
    { name: 'the role exists', yaml: namespaceGrant('[{apiGroups: [""], resources: [pods], verbs: [get]}]') },
    {
      name: 'cluster-admin (like admin, edit, view) always exists',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: admins}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, name: admins}]`,
    },
  ],
  invalid: [
    {
      name: 'a ClusterRole that is not defined',
      yaml: clusterGrant('[]').replace('name: "granted"}\nsubjects', 'name: "gone"}\nsubjects'),
      errors: [{ messageId: 'dangling', path: 'roleRef.name' }],
    },
    {
      name: 'a Role of the same name in another namespace does not count',
      yaml: namespaceGrant('[]').replace('metadata: {name: granted, namespace: team}', 'metadata: {name: granted, namespace: other}'),
      errors: [{ messageId: 'dangling', path: 'roleRef.name' }],
    },
  ],
});
