import { testCheck } from '../check-tester.js';
import check from './missing-service-account.js';
import { namespaceGrant } from './rbac-cases.js';

const RULES = '[{apiGroups: [""], resources: [pods], verbs: [get]}]';
const NAMESPACE = '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team}';
const APP_ACCOUNT = '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: team}';

testCheck(check, {
  valid: [
    { name: 'the service account is defined', yaml: `${namespaceGrant(RULES)}\n${APP_ACCOUNT}` },
    { name: 'nothing is known of the namespace', yaml: namespaceGrant(RULES) },
    { name: 'default always exists', yaml: `${namespaceGrant(RULES, '[{kind: ServiceAccount, name: default}]')}\n${NAMESPACE}` },
  ],
  invalid: [
    {
      name: 'the namespace is declared, the account is not',
      yaml: `${namespaceGrant(RULES, '[{kind: User, name: alice}, {kind: ServiceAccount, name: app}]')}\n${NAMESPACE}`,
      errors: [{ messageId: 'missing', path: 'subjects[1]' }],
    },
  ],
});
