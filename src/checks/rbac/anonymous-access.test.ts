import { testCheck } from '../check-tester.js';
import check from './anonymous-access.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

const ANONYMOUS = '[{kind: User, name: "system:anonymous"}]';
const UNAUTHENTICATED = '[{kind: Group, name: "system:unauthenticated"}]';

testCheck(check, {
  valid: [
    { name: 'public health and version endpoints', yaml: clusterGrant('[{nonResourceURLs: [/healthz, /livez, /readyz, /version, /version/], verbs: [get]}]', UNAUTHENTICATED) },
    { name: 'authenticated users are not anonymous', yaml: clusterGrant('[{apiGroups: [""], resources: [pods], verbs: [get]}]', '[{kind: Group, name: "system:authenticated"}]') },
  ],
  invalid: [
    {
      name: 'anonymous may list pods',
      yaml: clusterGrant('[{apiGroups: [""], resources: [pods], verbs: [list]}]', ANONYMOUS),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
    {
      name: 'unauthenticated may read metrics',
      yaml: clusterGrant('[{nonResourceURLs: [/metrics], verbs: [get]}]', `[{kind: User, name: bob}, ${UNAUTHENTICATED.slice(1, -1)}]`),
      errors: [{ messageId: 'granted', path: 'subjects[1]' }],
    },
    {
      name: 'writing a public endpoint is not public information',
      yaml: namespaceGrant('[{apiGroups: [""], resources: [configmaps], verbs: [get]}]', UNAUTHENTICATED),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
  ],
});
