import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './host-namespaces.js';

const hostPidAndNetwork = `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          hostPID: true
          hostNetwork: true
          hostIPC: false
          containers: [{name: a, image: a:1}]`;

testCheck(check, {
  valid: [
    { name: 'host namespaces set to false', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: false\n  hostPID: false\n  hostIPC: false\n  containers: [{name: a, image: a:1}]' },
    { name: 'host namespaces unset', yaml: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: a:1}]' },
  ],
  invalid: [
    {
      name: 'hostPID and hostNetwork in a CronJob',
      yaml: hostPidAndNetwork,
      errors: [
        { messageId: 'hostNamespace', path: 'spec.jobTemplate.spec.template.spec.hostNetwork' },
        { messageId: 'hostNamespace', path: 'spec.jobTemplate.spec.template.spec.hostPID' },
      ],
      output: hostPidAndNetwork.replace('hostPID: true', 'hostPID: false').replace('hostNetwork: true', 'hostNetwork: false'),
    },
    {
      name: 'hostIPC at policy v1.22',
      options: { pssVersion: 'v1.22' },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostIPC: true\n  containers: [{name: a, image: a:1}]',
      errors: [{ messageId: 'hostNamespace', path: 'spec.hostIPC' }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostIPC: false\n  containers: [{name: a, image: a:1}]',
    },
  ],
});

it('host-namespaces words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, hostPidAndNetwork), 'host namespaces (hostNetwork=true, hostPID=true)');
});
