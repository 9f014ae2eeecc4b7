import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck, violationsOf } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './run-as-non-root.js';

const notSet = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers: [{name: init, image: i:1}]
  containers: [{name: app, image: a:1}, {name: side, image: s:1, securityContext: {runAsNonRoot: true}}]`;

const containerFalse = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext: {runAsNonRoot: true}
      containers: [{name: app, image: a:1, securityContext: {runAsNonRoot: false}}, {name: side, image: s:1}]`;

const podFalse = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {runAsNonRoot: false}
  containers: [{name: app, image: a:1}]`;

const userNamespace = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostUsers: false\n  containers: [{name: a, image: a:1}]';

testCheck(check, {
  valid: [
    { name: 'pod-level true covers containers that set nothing', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsNonRoot: true}\n  initContainers: [{name: i, image: i:1}]\n  containers: [{name: a, image: a:1}]' },
    { name: 'every container sets true', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1, securityContext: {runAsNonRoot: true}}]' },
    { name: 'a pod in its own user namespace from policy v1.35', yaml: userNamespace },
  ],
  invalid: [
    {
      name: 'neither pod nor containers set it',
      yaml: notSet,
      errors: [
        { messageId: 'runAsNonRootNotSet', path: 'spec.initContainers[0].securityContext.runAsNonRoot', container: 'init' },
        { messageId: 'runAsNonRootNotSet', path: 'spec.containers[0].securityContext.runAsNonRoot', container: 'app' },
      ],
      output: notSet.replace('spec:\n', 'spec:\n  securityContext: {runAsNonRoot: true}\n'),
    },
    {
      name: 'a container-level false overrides the pod-level true',
      yaml: containerFalse,
      errors: [{ messageId: 'runAsNonRootFalse', path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot', container: 'app' }],
      output: containerFalse.replace('runAsNonRoot: false', 'runAsNonRoot: true'),
    },
    {
      name: 'pod-level false',
      yaml: podFalse,
      errors: [
        { messageId: 'runAsNonRootFalse', path: 'spec.securityContext.runAsNonRoot' },
        { messageId: 'runAsNonRootNotSet', path: 'spec.containers[0].securityContext.runAsNonRoot', container: 'app' },
      ],
      output: podFalse.replace('runAsNonRoot: false', 'runAsNonRoot: true'),
    },
    {
      name: 'a user namespace did not exempt before policy v1.35',
      options: { pssVersion: 'v1.22' },
      yaml: userNamespace,
      errors: [{ messageId: 'runAsNonRootNotSet', path: 'spec.containers[0].securityContext.runAsNonRoot', container: 'a' }],
      output: userNamespace.replace('hostUsers: false\n', 'hostUsers: false\n  securityContext: {runAsNonRoot: true}\n'),
    },
  ],
});

it('run-as-non-root words its verdicts as Kubernetes does', () => {
  assert.equal(verdictOf(check, notSet), 'runAsNonRoot != true (pod or containers "init", "app" must set securityContext.runAsNonRoot=true)');
  assert.equal(verdictOf(check, podFalse), 'runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)');
});

it('run-as-non-root marks its fixes unsafe: an image running as root stops starting', () => {
  assert.ok(violationsOf(check, notSet).every((v) => v.fix === undefined || v.fixSafety === 'unsafe'));
});
