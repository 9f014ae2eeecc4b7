import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './capabilities-baseline.js';

const added = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - {name: init, image: i:1, securityContext: {capabilities: {add: [SYS_PTRACE]}}}
  containers:
  - {name: app, image: a:1, securityContext: {capabilities: {add: [NET_BIND_SERVICE, SYS_ADMIN, NET_RAW]}}}`;

testCheck(check, {
  valid: [
    {
      name: 'only default capabilities added',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: a:1, securityContext: {capabilities: {add: [CHOWN, NET_BIND_SERVICE, SETUID], drop: [NET_RAW]}}}',
    },
    { name: 'dropping is always allowed', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: a:1, securityContext: {capabilities: {drop: [ALL]}}}' },
  ],
  invalid: [
    {
      name: 'non-default capabilities on an init and an app container',
      yaml: added,
      errors: [
        { messageId: 'nonDefaultCapability', path: 'spec.initContainers[0].securityContext.capabilities.add[0]', container: 'init' },
        { messageId: 'nonDefaultCapability', path: 'spec.containers[0].securityContext.capabilities.add[1]', container: 'app' },
        { messageId: 'nonDefaultCapability', path: 'spec.containers[0].securityContext.capabilities.add[2]', container: 'app' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - {name: init, image: i:1, securityContext: {capabilities: {}}}
  containers:
  - {name: app, image: a:1, securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}}`,
    },
    {
      name: 'NET_RAW on an ephemeral container at policy v1.22',
      options: { pssVersion: 'v1.22' },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n  ephemeralContainers: [{name: e, image: e:1, securityContext: {capabilities: {add: [KILL, NET_RAW]}}}]',
      errors: [{ messageId: 'nonDefaultCapability', path: 'spec.ephemeralContainers[0].securityContext.capabilities.add[1]', container: 'e' }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n  ephemeralContainers: [{name: e, image: e:1, securityContext: {capabilities: {add: [KILL]}}}]',
    },
  ],
});

it('capabilities-baseline words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, added),
    'non-default capabilities (containers "init", "app" must not include "NET_RAW", "SYS_ADMIN", "SYS_PTRACE" in securityContext.capabilities.add)',
  );
});
