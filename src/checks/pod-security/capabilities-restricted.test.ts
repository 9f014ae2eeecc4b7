import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './capabilities-restricted.js';

const unrestricted = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
      - {name: init, image: i:1}
      containers:
      - {name: app, image: a:1, securityContext: {capabilities: {drop: [NET_RAW]}}}
      - {name: side, image: s:1, securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, CHOWN]}}}`;

const windowsPod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n  containers: [{name: a, image: a:1}]';

testCheck(check, {
  valid: [
    {
      name: 'every container drops ALL and adds at most NET_BIND_SERVICE',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: i, image: i:1, securityContext: {capabilities: {drop: [ALL]}}}]\n  containers: [{name: a, image: a:1, securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}]',
    },
    { name: 'the control does not exist before policy v1.22', options: { pssVersion: 'v1.21' }, yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]' },
    { name: 'Windows pods are exempt from policy v1.25', yaml: windowsPod },
  ],
  invalid: [
    {
      name: 'missing drop ALL and a forbidden add',
      yaml: unrestricted,
      errors: [
        { messageId: 'dropAll', path: 'spec.template.spec.initContainers[0].securityContext.capabilities.drop', container: 'init' },
        { messageId: 'dropAll', path: 'spec.template.spec.containers[0].securityContext.capabilities.drop', container: 'app' },
        { messageId: 'forbiddenAdd', path: 'spec.template.spec.containers[1].securityContext.capabilities.add[1]', container: 'side' },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
      - {name: init, image: i:1, securityContext: {capabilities: {drop: [ALL]}}}
      containers:
      - {name: app, image: a:1, securityContext: {capabilities: {drop: [NET_RAW, ALL]}}}
      - {name: side, image: s:1, securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}}`,
    },
    {
      name: 'Windows pods were not exempt before policy v1.25',
      options: { pssVersion: 'v1.24' },
      yaml: windowsPod,
      errors: [{ messageId: 'dropAll', path: 'spec.containers[0].securityContext.capabilities.drop', container: 'a' }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n  containers: [{name: a, image: a:1, securityContext: {capabilities: {drop: [ALL]}}}]',
    },
  ],
});

it('capabilities-restricted words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, unrestricted),
    'unrestricted capabilities (containers "init", "app" must set securityContext.capabilities.drop=["ALL"]; container "side" must not include "CHOWN" in securityContext.capabilities.add)',
  );
});
