import { testCheck } from '../check-tester.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';
import check from './rbac-write.js';

testCheck(check, {
  valid: [
    { name: 'reading RBAC', yaml: clusterGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: ["*"], verbs: [get, list, watch]}]') },
  ],
  invalid: [
    {
      name: 'create clusterrolebindings is high',
      yaml: clusterGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [clusterrolebindings], verbs: [create]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
    {
      name: 'patch rolebindings in a namespace is medium',
      yaml: namespaceGrant('[{apiGroups: [rbac.authorization.k8s.io], resources: [rolebindings], verbs: [get, patch]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'medium' }],
    },
  ],
});
