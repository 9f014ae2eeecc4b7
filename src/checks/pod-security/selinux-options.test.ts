import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './selinux-options.js';

const forbidden = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {seLinuxOptions: {type: spc_t}}
  containers:
  - {name: app, image: a:1, securityContext: {seLinuxOptions: {user: system_u, role: system_r, type: container_t}}}
  ephemeralContainers:
  - {name: debug, image: d:1, securityContext: {seLinuxOptions: {type: unconfined_t}}}`;

const engine = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1, securityContext: {seLinuxOptions: {type: container_engine_t}}}]';

testCheck(check, {
  valid: [
    {
      name: 'container types and a level',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {seLinuxOptions: {level: "s0:c123,c456"}}\n  initContainers: [{name: i, image: i:1, securityContext: {seLinuxOptions: {type: container_init_t}}}]\n  containers: [{name: a, image: a:1, securityContext: {seLinuxOptions: {type: container_kvm_t}}}]',
    },
    { name: 'container_engine_t is allowed from policy v1.31', options: { pssVersion: 'v1.31' }, yaml: engine },
  ],
  invalid: [
    {
      name: 'forbidden type on the pod, user and role on a container, type on an ephemeral container',
      yaml: forbidden,
      errors: [
        { messageId: 'forbiddenType', path: 'spec.securityContext.seLinuxOptions.type' },
        { messageId: 'userSet', path: 'spec.containers[0].securityContext.seLinuxOptions.user', container: 'app' },
        { messageId: 'roleSet', path: 'spec.containers[0].securityContext.seLinuxOptions.role', container: 'app' },
        { messageId: 'forbiddenType', path: 'spec.ephemeralContainers[0].securityContext.seLinuxOptions.type', container: 'debug' },
      ],
    },
    {
      name: 'container_engine_t before policy v1.31',
      options: { pssVersion: 'v1.30' },
      yaml: engine,
      errors: [{ messageId: 'forbiddenType', path: 'spec.containers[0].securityContext.seLinuxOptions.type', container: 'a' }],
    },
  ],
});

it('selinux-options words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, forbidden),
    'seLinuxOptions (pod and containers "app", "debug" set forbidden securityContext.seLinuxOptions: types "spc_t", "unconfined_t"; user may not be set; role may not be set)',
  );
});
