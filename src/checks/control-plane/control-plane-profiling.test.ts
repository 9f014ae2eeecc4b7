import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './control-plane-profiling.js';

testCheck(check, {
  valid: [
    { name: 'API server off', yaml: staticPod('kube-apiserver', '--profiling=false') },
    { name: 'scheduler off, separate argument', yaml: staticPod('kube-scheduler', '--profiling', 'false') },
    { name: 'etcd has no such flag', yaml: staticPod('etcd') },
  ],
  invalid: [
    { name: 'controller manager default', yaml: staticPod('kube-controller-manager', '--bind-address=127.0.0.1'), errors: [{ messageId: 'profiling', path: 'spec.containers[0]' }] },
    { name: 'scheduler bare flag', yaml: staticPod('kube-scheduler', '--profiling'), errors: [{ messageId: 'profiling', path: 'spec.containers[0].command[1]' }] },
    { name: 'API server true', yaml: staticPod('kube-apiserver', '--profiling=true'), errors: [{ messageId: 'profiling', path: 'spec.containers[0].command[1]' }] },
  ],
});
