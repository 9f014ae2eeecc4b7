import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './windows-host-process.js';

const hostProcess = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  os: {name: windows}
  hostNetwork: true
  securityContext: {windowsOptions: {hostProcess: true}}
  initContainers: [{name: init, image: i:1, securityContext: {windowsOptions: {hostProcess: true}}}]
  containers: [{name: app, image: a:1, securityContext: {windowsOptions: {hostProcess: false}}}]`;

testCheck(check, {
  valid: [
    { name: 'hostProcess false or unset', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  os: {name: windows}\n  securityContext: {windowsOptions: {hostProcess: false}}\n  containers: [{name: a, image: a:1, securityContext: {windowsOptions: {runAsUserName: ContainerUser}}}]' },
  ],
  invalid: [
    {
      name: 'hostProcess on the pod and an init container',
      yaml: hostProcess,
      errors: [
        { messageId: 'hostProcess', path: 'spec.securityContext.windowsOptions.hostProcess' },
        { messageId: 'hostProcess', path: 'spec.initContainers[0].securityContext.windowsOptions.hostProcess', container: 'init' },
      ],
    },
    {
      name: 'hostProcess on a container at policy v1.22',
      options: { pssVersion: 'v1.22' },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1, securityContext: {windowsOptions: {hostProcess: true}}}]',
      errors: [{ messageId: 'hostProcess', path: 'spec.containers[0].securityContext.windowsOptions.hostProcess', container: 'a' }],
    },
  ],
});

it('windows-host-process words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, hostProcess), 'hostProcess (pod and container "init" must not set securityContext.windowsOptions.hostProcess=true)');
});
