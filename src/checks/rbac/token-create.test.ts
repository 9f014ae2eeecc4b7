import { testCheck } from '../check-tester.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';
import check from './token-create.js';

testCheck(check, {
  valid: [
    { name: 'creating service accounts is not minting tokens', yaml: clusterGrant('[{apiGroups: [""], resources: [serviceaccounts], verbs: [create]}]') },
    { name: 'reading a token subresource is not creating one', yaml: namespaceGrant('[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [get]}]') },
  ],
  invalid: [
    {
      name: 'create serviceaccounts/token cluster-wide is critical',
      yaml: clusterGrant('[{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'critical' }],
    },
    {
      name: 'create on every resource includes tokens',
      yaml: namespaceGrant('[{apiGroups: ["*"], resources: ["*"], verbs: [create]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
  ],
});
