import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './apparmor-profile.js';

const annotated = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: unconfined
        container.apparmor.security.beta.kubernetes.io/side: localhost/custom
    spec:
      containers: [{name: app, image: a:1}, {name: side, image: s:1}]`;

const fields = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {appArmorProfile: {type: Unconfined}}
  initContainers: [{name: init, image: i:1, securityContext: {appArmorProfile: {type: Unconfined}}}]
  containers: [{name: app, image: a:1, securityContext: {appArmorProfile: {type: Localhost, localhostProfile: k8s-app}}}]`;

testCheck(check, {
  valid: [
    {
      name: 'runtime/default, localhost/ and empty annotations',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/a: runtime/default\n    container.apparmor.security.beta.kubernetes.io/b: localhost/foo\n    container.apparmor.security.beta.kubernetes.io/c: ""\nspec:\n  containers: [{name: a, image: a:1}, {name: b, image: b:1}, {name: c, image: c:1}]',
    },
    {
      name: 'RuntimeDefault on the pod, Localhost on a container',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {appArmorProfile: {type: RuntimeDefault}}\n  containers: [{name: a, image: a:1, securityContext: {appArmorProfile: {type: Localhost, localhostProfile: x}}}]',
    },
    { name: 'annotations on the Deployment itself do not configure pods', yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  annotations: {container.apparmor.security.beta.kubernetes.io/a: unconfined}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: a:1}]' },
  ],
  invalid: [
    {
      name: 'unconfined annotation on a pod template',
      yaml: annotated,
      errors: [{ messageId: 'forbiddenAnnotation', path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]', container: 'app' }],
      output: annotated.replace(': unconfined', ': runtime/default'),
    },
    {
      name: 'Unconfined fields on the pod and an init container, at policy v1.0',
      options: { pssVersion: 'v1.0' },
      yaml: fields,
      errors: [
        { messageId: 'unconfined', path: 'spec.securityContext.appArmorProfile.type' },
        { messageId: 'unconfined', path: 'spec.initContainers[0].securityContext.appArmorProfile.type', container: 'init' },
      ],
      output: fields.replace(/Unconfined/g, 'RuntimeDefault'),
    },
  ],
});

it('apparmor-profile words its verdicts as Kubernetes does', () => {
  assert.equal(verdictOf(check, annotated), 'forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/app="unconfined")');
  assert.equal(verdictOf(check, fields),
    'forbidden AppArmor profiles (container "init" must not set AppArmor profile type to "Unconfined", pod must not set AppArmor profile type to "Unconfined")',
  );
});
