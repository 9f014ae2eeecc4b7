import { testCheck } from '../check-tester.js';
import check from './default-service-account-grant.js';
import { clusterGrant, namespaceGrant } from './rbac-cases.js';

const DEFAULT_SA = '[{kind: ServiceAccount, name: default}]';

testCheck(check, {
  valid: [
    { name: 'a dedicated service account', yaml: namespaceGrant('[{apiGroups: [""], resources: [configmaps], verbs: [get]}]') },
    { name: 'a user named default is not the service account', yaml: namespaceGrant('[{apiGroups: [""], resources: [configmaps], verbs: [get]}]', '[{kind: User, name: default}]') },
  ],
  invalid: [
    {
      name: 'the namespace default service account (namespace taken from the binding)',
      yaml: namespaceGrant('[{apiGroups: [""], resources: [configmaps], verbs: [get]}]', DEFAULT_SA),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'medium' }],
    },
    {
      name: 'cluster-wide grant to a default service account',
      yaml: clusterGrant('[{apiGroups: [""], resources: [pods], verbs: [list]}]', '[{kind: ServiceAccount, name: default, namespace: kube-system}]'),
      errors: [{ messageId: 'granted', path: 'subjects[0]', severity: 'high' }],
    },
  ],
});
