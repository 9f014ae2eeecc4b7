import { testCheck } from '../check-tester.js';
import check from './csr-approve.js';
import { clusterGrant } from './rbac-cases.js';

testCheck(check, {
  valid: [
    { name: 'creating and reading CSRs', yaml: clusterGrant('[{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [create, get, list]}]') },
  ],
  invalid: [
    {
      name: 'update the approval subresource',
      yaml: clusterGrant('[{apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
    {
      name: 'approve for a signer',
      yaml: clusterGrant('[{apiGroups: [certificates.k8s.io], resources: [signers], verbs: [approve], resourceNames: [kubernetes.io/kube-apiserver-client]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
  ],
});
