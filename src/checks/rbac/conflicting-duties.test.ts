import { testCheck } from '../check-tester.js';
import check from './conflicting-duties.js';
import { clusterGrant } from './rbac-cases.js';

const RBAC_AND_CSR = clusterGrant(
  '[{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}, {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}]',
  '[{kind: User, name: alice}, {kind: Group, name: ops}]',
);
const SETTINGS = { rbac: { conflictingDuties: [['change-rbac', 'approve-certificates'], { duties: ['deploy-workloads', 'read-secrets'], reason: 'four eyes on production' }] } };

testCheck(check, {
  valid: [
    { name: 'no conflicting pairs configured', yaml: RBAC_AND_CSR },
    {
      name: 'one duty of each pair only',
      yaml: clusterGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [create]}]'),
      options: { settings: SETTINGS },
    },
  ],
  invalid: [
    {
      name: 'both subjects of the binding hold change-rbac and approve-certificates',
      yaml: RBAC_AND_CSR,
      options: { settings: SETTINGS },
      errors: [{ messageId: 'conflict', path: 'subjects[1]' }, { messageId: 'conflict', path: 'subjects[0]' }],
    },
    {
      name: 'a service account holding one duty through its own binding, the other through system:serviceaccounts',
      yaml: `${clusterGrant('[{apiGroups: [apps], resources: [deployments], verbs: [create]}]')}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: all-accounts-read-secrets}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader}
subjects: [{kind: Group, name: "system:serviceaccounts"}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: secret-reader}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]`,
      options: { settings: SETTINGS },
      errors: [{ messageId: 'conflict', path: 'subjects[0]' }],
    },
  ],
});
