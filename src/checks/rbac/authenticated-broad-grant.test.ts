import { testCheck } from '../check-tester.js';
import check from './authenticated-broad-grant.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

const AUTHENTICATED = '[{kind: Group, name: "system:authenticated"}]';

testCheck(check, {
  valid: [
    {
      name: 'discovery and self-review, as Kubernetes grants them',
      yaml: clusterGrant(
        '[{apiGroups: [authorization.k8s.io], resources: [selfsubjectaccessreviews, selfsubjectrulesreviews], verbs: [create]}, {nonResourceURLs: [/api, "/api/*", /apis, "/apis/*", /version], verbs: [get]}]',
        AUTHENTICATED,
      ),
    },
    { name: 'a named group is not everyone', yaml: clusterGrant('[{apiGroups: [""], resources: [pods], verbs: [get]}]', '[{kind: Group, name: dev}]') },
  ],
  invalid: [
    {
      name: 'every authenticated identity may read configmaps cluster-wide',
      yaml: clusterGrant('[{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]', AUTHENTICATED),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
    {
      name: 'every service account of a namespace',
      yaml: namespaceGrant('[{apiGroups: [""], resources: [pods], verbs: [get]}]', '[{kind: Group, name: "system:serviceaccounts:team"}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
    {
      name: 'every service account of the cluster',
      yaml: clusterGrant('[{apiGroups: [""], resources: [pods], verbs: [get]}]', '[{kind: Group, name: "system:serviceaccounts"}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]' }],
    },
  ],
});
