import { testCheck } from '../check-tester.js';
import { clusterGrant, namespaceGrant, namespaceGrantOfClusterRole } from './rbac-cases.js';
import check from './secrets-read.js';

testCheck(check, {
  valid: [
    { name: 'configmaps only', yaml: clusterGrant('[{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]') },
    { name: 'secrets in another API group', yaml: clusterGrant('[{apiGroups: [example.com], resources: [secrets], verbs: [get]}]') },
    { name: 'read limited to named secrets (the least-privilege form)', yaml: namespaceGrant('[{apiGroups: [""], resources: [secrets], resourceNames: [tls], verbs: [get]}]') },
    { name: 'create secrets is not read', yaml: clusterGrant('[{apiGroups: [""], resources: [secrets], verbs: [create]}]') },
    {
      name: 'control-plane identity bound to a system: role',
      yaml: clusterGrant('[{apiGroups: [""], resources: [secrets], verbs: [get]}]', '[{kind: User, name: "system:kube-controller-manager"}]', 'system:granted'),
    },
    {
      name: 'a binding without subjects grants nothing',
      yaml: clusterGrant('[{apiGroups: [""], resources: [secrets], verbs: [get]}]', '[]'),
    },
  ],
  invalid: [
    {
      name: 'cluster-wide list of secrets is critical',
      yaml: clusterGrant('[{apiGroups: [""], resources: [secrets], verbs: [get, list, watch]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'critical' }],
    },
    {
      name: 'namespaced read through a Role is high',
      yaml: namespaceGrant('[{apiGroups: [""], resources: [secrets], verbs: [get]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
    {
      name: 'a RoleBinding to a ClusterRole grants only in its namespace: high',
      yaml: namespaceGrantOfClusterRole('[{apiGroups: ["*"], resources: ["*"], verbs: [list]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
    {
      name: 'a RoleBinding to the default edit role, not defined in the manifests',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: devs, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: devs}]`,
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
    {
      name: 'one violation per subject, the same User as a service account name',
      yaml: clusterGrant(
        '[{apiGroups: [""], resources: [secrets], verbs: ["*"]}]',
        '[{kind: Group, name: dev}, {kind: User, name: "system:serviceaccount:team:app"}]',
      ),
      errors: [
        { messageId: 'granted', path: 'subjects[0]', severity: 'critical' },
        { messageId: 'granted', path: 'subjects[1]', severity: 'critical' },
      ],
    },
  ],
});
