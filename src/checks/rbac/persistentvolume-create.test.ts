import { testCheck } from '../check-tester.js';
import check from './persistentvolume-create.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

testCheck(check, {
  valid: [
    { name: 'claims, not volumes', yaml: namespaceGrant('[{apiGroups: [""], resources: [persistentvolumeclaims], verbs: [create]}]') },
    { name: 'a RoleBinding cannot grant cluster-scoped persistentvolumes', yaml: namespaceGrant('[{apiGroups: [""], resources: [persistentvolumes], verbs: [create]}]') },
  ],
  invalid: [
    {
      name: 'create persistentvolumes',
      yaml: clusterGrant('[{apiGroups: [""], resources: [persistentvolumes], verbs: [create]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
  ],
});
