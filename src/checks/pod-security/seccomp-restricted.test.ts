import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './seccomp-restricted.js';

const notSet = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers: [{name: init, image: i:1}]
  containers: [{name: app, image: a:1}, {name: side, image: s:1, securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}}]`;

const containerOverride = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext: {seccompProfile: {type: RuntimeDefault}}
      containers: [{name: app, image: a:1, securityContext: {seccompProfile: {type: Unconfined}}}]`;

const windowsPod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n  containers: [{name: a, image: a:1}]';

testCheck(check, {
  valid: [
    { name: 'pod-level RuntimeDefault covers every container', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  initContainers: [{name: i, image: i:1}]\n  containers: [{name: a, image: a:1}]' },
    { name: 'every container sets its own profile', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: a:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}\n  - {name: b, image: b:1, securityContext: {seccompProfile: {type: Localhost, localhostProfile: b.json}}}' },
    { name: 'the control does not exist before policy v1.19', options: { pssVersion: 'v1.18' }, yaml: notSet },
    { name: 'Windows pods are exempt from policy v1.25', yaml: windowsPod },
  ],
  invalid: [
    {
      name: 'neither pod nor containers set a profile',
      yaml: notSet,
      errors: [
        { messageId: 'notSet', path: 'spec.initContainers[0].securityContext.seccompProfile.type', container: 'init' },
        { messageId: 'notSet', path: 'spec.containers[0].securityContext.seccompProfile.type', container: 'app' },
      ],
      output: notSet.replace('spec:\n', 'spec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n'),
    },
    {
      name: 'a container-level Unconfined overrides the pod-level profile',
      yaml: containerOverride,
      errors: [{ messageId: 'unconfined', path: 'spec.template.spec.containers[0].securityContext.seccompProfile.type', container: 'app' }],
      output: containerOverride.replace('Unconfined', 'RuntimeDefault'),
    },
    {
      name: 'Windows pods were not exempt before policy v1.25',
      options: { pssVersion: 'v1.22' },
      yaml: windowsPod,
      errors: [{ messageId: 'notSet', path: 'spec.containers[0].securityContext.seccompProfile.type', container: 'a' }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  containers: [{name: a, image: a:1}]',
    },
  ],
});

it('seccomp-restricted words its verdicts as Kubernetes does', () => {
  assert.equal(verdictOf(check, notSet), 'seccompProfile (pod or containers "init", "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")');
  assert.equal(verdictOf(check, containerOverride), 'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")');
});
