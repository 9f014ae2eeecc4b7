import { testCheck } from '../check-tester.js';
import check from './sandboxed-workload-host-access.js';

testCheck(check, {
  valid: [
    { name: 'plain sandboxed pod', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {runtimeClassName: gvisor, containers: [{name: a, image: a}]}' },
    { name: 'host network without a sandbox is the PSS checks\' business', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostNetwork: true, containers: [{name: a, image: a}]}' },
  ],
  invalid: [
    {
      name: 'gVisor with host network and a hostPath',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {runtimeClassName: gvisor, hostNetwork: true, volumes: [{name: h, hostPath: {path: /data}}], containers: [{name: a, image: a}]}',
      errors: [
        { messageId: 'hostAccess', path: 'spec.hostNetwork' },
        { messageId: 'hostAccess', path: 'spec.volumes[0].hostPath' },
      ],
    },
    {
      name: 'privileged container under Kata',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {runtimeClassName: kata, containers: [{name: a, image: a, securityContext: {privileged: true}}]}',
      errors: [{ messageId: 'hostAccess', path: 'spec.containers[0].securityContext.privileged' }],
    },
  ],
});
