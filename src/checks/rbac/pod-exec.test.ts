import { testCheck } from '../check-tester.js';
import check from './pod-exec.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

testCheck(check, {
  valid: [
    { name: 'pods/log is not exec', yaml: clusterGrant('[{apiGroups: [""], resources: [pods, pods/log], verbs: [get]}]') },
    { name: 'pods/* does not match pods/exec in Kubernetes', yaml: clusterGrant('[{apiGroups: [""], resources: ["pods/*"], verbs: [create]}]') },
  ],
  invalid: [
    {
      name: 'create pods/exec cluster-wide is high',
      yaml: clusterGrant('[{apiGroups: [""], resources: [pods/exec], verbs: [create]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
    {
      name: 'get on any subresource (*/attach form) in a namespace is medium',
      yaml: namespaceGrant('[{apiGroups: [""], resources: ["*/attach"], verbs: [get]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'medium' }],
    },
    {
      name: 'port-forward',
      yaml: namespaceGrant('[{apiGroups: [""], resources: [pods/portforward], verbs: [create]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
  ],
});
