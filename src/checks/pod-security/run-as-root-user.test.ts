import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './run-as-root-user.js';

const root = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {runAsUser: 0}
  initContainers: [{name: init, image: i:1, securityContext: {runAsUser: 0}}]
  containers: [{name: app, image: a:1, securityContext: {runAsUser: 1000}}]`;

testCheck(check, {
  valid: [
    { name: 'non-zero UIDs and unset', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: 10001}\n  containers: [{name: a, image: a:1}, {name: b, image: b:1, securityContext: {runAsUser: 2000}}]' },
    { name: 'the control does not exist before policy v1.23', options: { pssVersion: 'v1.22' }, yaml: root },
    { name: 'a pod in its own user namespace from policy v1.35', yaml: root.replace('spec:\n', 'spec:\n  hostUsers: false\n') },
  ],
  invalid: [
    {
      name: 'runAsUser 0 on the pod and an init container',
      yaml: root,
      errors: [
        { messageId: 'runAsUserZero', path: 'spec.securityContext.runAsUser' },
        { messageId: 'runAsUserZero', path: 'spec.initContainers[0].securityContext.runAsUser', container: 'init' },
      ],
    },
    {
      name: 'a container-level 0 overrides a pod-level non-root UID, at policy v1.23',
      options: { pssVersion: 'v1.23' },
      yaml: 'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n      securityContext: {runAsUser: 1000}\n      containers: [{name: a, image: a:1, securityContext: {runAsUser: 0}}]',
      errors: [{ messageId: 'runAsUserZero', path: 'spec.template.spec.containers[0].securityContext.runAsUser', container: 'a' }],
    },
    {
      name: 'a user namespace did not exempt before policy v1.35',
      options: { pssVersion: 'v1.34' },
      yaml: root.replace('spec:\n', 'spec:\n  hostUsers: false\n'),
      errors: [
        { messageId: 'runAsUserZero', path: 'spec.securityContext.runAsUser' },
        { messageId: 'runAsUserZero', path: 'spec.initContainers[0].securityContext.runAsUser', container: 'init' },
      ],
    },
  ],
});

it('run-as-root-user words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, root), 'runAsUser=0 (pod and container "init" must not set runAsUser=0)');
});
