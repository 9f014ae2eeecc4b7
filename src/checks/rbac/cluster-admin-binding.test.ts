import { testCheck } from '../check-tester.js';
import check from './cluster-admin-binding.js';
import { clusterGrant, namespaceGrantOfClusterRole } from './rbac-cases.js';

const ALL = '[{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]';
const CLUSTER_ADMIN_BINDING = (subjects: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: ${subjects}`;

testCheck(check, {
  valid: [
    { name: 'cluster-admin bound to system:masters (the default binding)', yaml: CLUSTER_ADMIN_BINDING('[{kind: Group, name: "system:masters"}]') },
    { name: 'every verb on one resource is not everything', yaml: clusterGrant('[{apiGroups: ["*"], resources: [pods], verbs: ["*"]}]') },
    { name: 'every resource read-only is not everything', yaml: clusterGrant('[{apiGroups: ["*"], resources: ["*"], verbs: [get, list]}]') },
  ],
  invalid: [
    {
      name: 'cluster-admin bound to a service account: the model supplies the built-in role',
      yaml: CLUSTER_ADMIN_BINDING('[{kind: ServiceAccount, name: ci, namespace: ci}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'critical' }],
    },
    {
      name: 'an equivalent * * * role',
      yaml: clusterGrant(ALL, '[{kind: Group, name: "system:masters"}, {kind: User, name: alice}]'),
      errors: [{ messageId: 'granted', path: 'subjects[1]', severity: 'critical' }],
    },
    {
      name: 'namespace admin through a RoleBinding is high',
      yaml: namespaceGrantOfClusterRole(ALL),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
  ],
});
