import { testCheck } from '../check-tester.js';
import check from './escalation-path.js';

const DEPLOYER = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: deployer, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deploy}
subjects: [{kind: User, name: alice}, {kind: ServiceAccount, name: deployer}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: deploy, namespace: team}
rules: [{apiGroups: [apps], resources: [deployments], verbs: [create]}]
---
apiVersion: v1
kind: Namespace
metadata: {name: team, labels: {pod-security.kubernetes.io/enforce: baseline}}`;

const POWERFUL_OPERATOR = `
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: operator}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: operator, namespace: team}]`;

testCheck(check, {
  valid: [
    { name: 'pod creation where no service account is powerful and privileged pods are refused', yaml: DEPLOYER },
    {
      name: 'a direct grant is one step: reported by the risky-grant checks, not here',
      yaml: POWERFUL_OPERATOR.slice(5),
    },
  ],
  invalid: [
    {
      name: 'deployments in a namespace whose operator account is cluster-admin',
      yaml: DEPLOYER + POWERFUL_OPERATOR,
      errors: [
        { messageId: 'path', path: 'subjects[1]', severity: 'critical' },
        { messageId: 'path', path: 'subjects[0]', severity: 'critical' },
      ],
    },
    {
      name: 'no Pod Security enforcement: a privileged pod takes the node',
      yaml: DEPLOYER.replace('labels: {pod-security.kubernetes.io/enforce: baseline}', 'labels: {}'),
      errors: [
        { messageId: 'path', path: 'subjects[1]', severity: 'high' },
        { messageId: 'path', path: 'subjects[0]', severity: 'high' },
      ],
    },
  ],
});
