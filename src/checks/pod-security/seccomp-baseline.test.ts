import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './seccomp-baseline.js';

const unconfined = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {seccompProfile: {type: Unconfined}}
  initContainers: [{name: init, image: i:1, securityContext: {seccompProfile: {type: RuntimeDefault}}}]
  containers: [{name: app, image: a:1, securityContext: {seccompProfile: {type: Unconfined}}}]`;

const annotated = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: unconfined
        container.seccomp.security.alpha.kubernetes.io/app: localhost/profile.json
        container.seccomp.security.alpha.kubernetes.io/side: unconfined
    spec:
      containers: [{name: app, image: a:1}, {name: side, image: s:1}]`;

testCheck(check, {
  valid: [
    {
      name: 'RuntimeDefault on the pod, Localhost on a container',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n  containers: [{name: a, image: a:1, securityContext: {seccompProfile: {type: Localhost, localhostProfile: p.json}}}]',
    },
    { name: 'no profile at all is the baseline default', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]' },
    { name: 'from policy v1.19 the alpha annotations no longer count', yaml: annotated },
    {
      name: 'before policy v1.19 the fields did not count',
      options: { pssVersion: 'v1.18' },
      yaml: unconfined,
    },
  ],
  invalid: [
    {
      name: 'Unconfined on the pod and on a container',
      yaml: unconfined,
      errors: [
        { messageId: 'unconfined', path: 'spec.securityContext.seccompProfile.type' },
        { messageId: 'unconfined', path: 'spec.containers[0].securityContext.seccompProfile.type', container: 'app' },
      ],
      output: unconfined.replace(/Unconfined/g, 'RuntimeDefault'),
    },
    {
      name: 'unconfined annotations before policy v1.19',
      options: { pssVersion: 'v1.18' },
      yaml: annotated,
      errors: [
        { messageId: 'forbiddenAnnotation', path: 'spec.template.metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]' },
        { messageId: 'forbiddenAnnotation', path: 'spec.template.metadata.annotations["container.seccomp.security.alpha.kubernetes.io/side"]' },
      ],
      output: annotated.replace(/: unconfined/g, ': runtime/default'),
    },
  ],
});

it('seccomp-baseline words its verdicts as Kubernetes does', () => {
  assert.equal(verdictOf(check, unconfined), 'seccompProfile (pod and container "app" must not set securityContext.seccompProfile.type to "Unconfined")');
  assert.equal(verdictOf(check, annotated, { pssVersion: 'v1.18' }),
    'seccompProfile (forbidden annotations container.seccomp.security.alpha.kubernetes.io/side="unconfined", seccomp.security.alpha.kubernetes.io/pod="unconfined")',
  );
});
