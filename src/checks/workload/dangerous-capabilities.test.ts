import { testCheck } from '../check-tester.js';
import check from './dangerous-capabilities.js';

const pod = (caps: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a\n    securityContext: {capabilities: {drop: [ALL], add: ${caps}}}`;

testCheck(check, {
  valid: [
    { name: 'bind low ports only', yaml: pod('[NET_BIND_SERVICE]') },
    { name: 'nothing added', yaml: pod('[]') },
  ],
  invalid: [
    {
      name: 'SYS_ADMIN and NET_ADMIN among harmless ones',
      yaml: pod('[CHOWN, SYS_ADMIN, NET_BIND_SERVICE, NET_ADMIN]'),
      errors: [
        { messageId: 'added', path: 'spec.containers[0].securityContext.capabilities.add[3]', severity: 'high' },
        { messageId: 'added', path: 'spec.containers[0].securityContext.capabilities.add[1]', severity: 'critical' },
      ],
      output: pod('[CHOWN, NET_BIND_SERVICE]'),
    },
    {
      name: 'CAP_ prefix and lower case',
      yaml: pod('[cap_sys_ptrace]'),
      errors: [{ messageId: 'added', path: 'spec.containers[0].securityContext.capabilities.add[0]', container: 'a', severity: 'high' }],
      output: pod('[]'),
    },
    {
      name: 'kubernetes-goat docker-bench adds AUDIT_CONTROL',
      yaml: pod('["AUDIT_CONTROL"]'),
      errors: [{ messageId: 'added', severity: 'high' }],
      output: pod('[]'),
    },
  ],
});
