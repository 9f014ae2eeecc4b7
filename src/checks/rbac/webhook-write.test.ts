import { testCheck } from '../check-tester.js';
import { clusterGrant } from './rbac-cases.js';
import check from './webhook-write.js';

testCheck(check, {
  valid: [
    { name: 'reading webhook configurations', yaml: clusterGrant('[{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [get, list, watch]}]') },
  ],
  invalid: [
    {
      name: 'patch mutating webhooks',
      yaml: clusterGrant('[{apiGroups: [admissionregistration.k8s.io], resources: [mutatingwebhookconfigurations], verbs: [patch]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
    {
      name: 'delete validating webhooks',
      yaml: clusterGrant('[{apiGroups: ["*"], resources: [validatingwebhookconfigurations], verbs: [delete]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
  ],
});
