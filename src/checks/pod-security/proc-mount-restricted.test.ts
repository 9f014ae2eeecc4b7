import { testCheck } from '../check-tester.js';
import check from './proc-mount-restricted.js';

const userNamespace = `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      hostUsers: false
      initContainers: [{name: init, image: i:1, securityContext: {procMount: Unmasked}}]
      containers: [{name: app, image: a:1}]`;

testCheck(check, {
  valid: [
    { name: 'Default in a user namespace', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  containers: [{name: a, image: a:1, securityContext: {procMount: Default}}]' },
    { name: 'the control does not exist before policy v1.35', options: { pssVersion: 'v1.34' }, yaml: userNamespace },
  ],
  invalid: [
    {
      name: 'Unmasked even in a user namespace',
      yaml: userNamespace,
      errors: [{ messageId: 'unmaskedProcMount', path: 'spec.template.spec.initContainers[0].securityContext.procMount', container: 'init' }],
      output: userNamespace.replace('Unmasked', 'Default'),
    },
  ],
});
