import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './proc-mount.js';

const unmasked = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers: [{name: init, image: i:1, securityContext: {procMount: Unmasked}}]
  containers: [{name: app, image: a:1, securityContext: {procMount: Default}}]
  ephemeralContainers: [{name: debug, image: d:1, securityContext: {procMount: Unmasked}}]`;

const userNamespace = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  containers: [{name: a, image: a:1, securityContext: {procMount: Unmasked}}]';

testCheck(check, {
  valid: [
    { name: 'Default and unset', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1, securityContext: {procMount: Default}}, {name: b, image: b:1}]' },
    { name: 'Unmasked in a user namespace from policy v1.35', yaml: userNamespace },
  ],
  invalid: [
    {
      name: 'Unmasked on an init and an ephemeral container',
      yaml: unmasked,
      errors: [
        { messageId: 'unmaskedProcMount', path: 'spec.initContainers[0].securityContext.procMount', container: 'init' },
        { messageId: 'unmaskedProcMount', path: 'spec.ephemeralContainers[0].securityContext.procMount', container: 'debug' },
      ],
      output: unmasked.replace(/Unmasked/g, 'Default'),
    },
    {
      name: 'Unmasked in a user namespace before policy v1.35',
      options: { pssVersion: 'v1.34' },
      yaml: userNamespace,
      errors: [{ messageId: 'unmaskedProcMount', path: 'spec.containers[0].securityContext.procMount', container: 'a' }],
      output: userNamespace.replace('Unmasked', 'Default'),
    },
  ],
});

it('proc-mount words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, unmasked), 'procMount (containers "init", "debug" must not set securityContext.procMount to "Unmasked")');
});
