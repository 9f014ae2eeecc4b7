import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './privileged-container.js';

const twoPrivileged = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
      - {name: init, image: i:1, securityContext: {privileged: true}}
      containers:
      - {name: app, image: a:1, securityContext: {privileged: true}}
      - {name: side, image: s:1, securityContext: {privileged: false}}`;

testCheck(check, {
  valid: [
    { name: 'privileged false and unset', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: a:1, securityContext: {privileged: false}}\n  - {name: b, image: b:1}' },
    { name: 'a Service is not a workload', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}' },
    { name: 'a string "true" is not the boolean the API accepts', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: a:1, securityContext: {privileged: "true"}}' },
  ],
  invalid: [
    {
      name: 'init and app containers privileged in a Deployment',
      yaml: twoPrivileged,
      errors: [
        { messageId: 'privileged', path: 'spec.template.spec.initContainers[0].securityContext.privileged', container: 'init' },
        { messageId: 'privileged', path: 'spec.template.spec.containers[0].securityContext.privileged', container: 'app' },
      ],
      output: twoPrivileged.replace(/privileged: true/g, 'privileged: false'),
    },
    {
      name: 'ephemeral container privileged, at policy v1.0',
      options: { pssVersion: 'v1.0' },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n  ephemeralContainers: [{name: debug, image: d:1, securityContext: {privileged: true}}]',
      errors: [{ messageId: 'privileged', path: 'spec.ephemeralContainers[0].securityContext.privileged', container: 'debug' }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n  ephemeralContainers: [{name: debug, image: d:1, securityContext: {privileged: false}}]',
    },
  ],
});

it('privileged-container words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, twoPrivileged), 'privileged (containers "init", "app" must not set securityContext.privileged=true)');
});
