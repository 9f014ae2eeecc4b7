import { testCheck } from '../check-tester.js';
import check from './node-proxy.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

testCheck(check, {
  valid: [
    { name: 'node metrics and stats', yaml: clusterGrant('[{apiGroups: [""], resources: [nodes/metrics, nodes/stats], verbs: [get]}]') },
    { name: 'nodes/proxy through a RoleBinding grants nothing (nodes are cluster-scoped)', yaml: namespaceGrant('[{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}]') },
  ],
  invalid: [
    {
      name: 'get nodes/proxy',
      yaml: clusterGrant('[{apiGroups: [""], resources: [nodes/proxy], verbs: [get]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'critical' }],
    },
    {
      name: 'every subresource named proxy',
      yaml: clusterGrant('[{apiGroups: [""], resources: ["*/proxy"], verbs: [create]}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
  ],
});
