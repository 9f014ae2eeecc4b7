import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './control-plane-bind-address.js';

testCheck(check, {
  valid: [
    { name: 'kubeadm scheduler', yaml: staticPod('kube-scheduler', '--bind-address=127.0.0.1') },
    { name: 'controller manager, separate argument', yaml: staticPod('kube-controller-manager', '--bind-address', '127.0.0.1') },
    { name: 'API server is not concerned', yaml: staticPod('kube-apiserver', '--bind-address=0.0.0.0') },
  ],
  invalid: [
    { name: 'default (all interfaces)', yaml: staticPod('kube-scheduler'), errors: [{ messageId: 'exposed', path: 'spec.containers[0]' }] },
    { name: 'explicit 0.0.0.0', yaml: staticPod('kube-controller-manager', '--bind-address=0.0.0.0'), errors: [{ messageId: 'exposed', path: 'spec.containers[0].command[1]' }] },
  ],
});
