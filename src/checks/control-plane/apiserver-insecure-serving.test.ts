import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-insecure-serving.js';

testCheck(check, {
  valid: [
    { name: 'no insecure flags (v1.24+)', yaml: staticPod('kube-apiserver', '--secure-port=6443') },
    { name: 'insecure port disabled', yaml: staticPod('kube-apiserver', '--insecure-port=0') },
    { name: 'insecure bind to loopback', yaml: staticPod('kube-apiserver', '--insecure-port=0', '--insecure-bind-address=127.0.0.1') },
  ],
  invalid: [
    { name: 'insecure port open', yaml: staticPod('kube-apiserver', '--insecure-port', '8080'), errors: [{ messageId: 'insecurePort', path: 'spec.containers[0].command[1]' }] },
    { name: 'insecure bind to all', yaml: staticPod('kube-apiserver', '--insecure-port=8080', '--insecure-bind-address=0.0.0.0'), errors: [{ messageId: 'insecurePort' }, { messageId: 'insecureBind', path: 'spec.containers[0].command[2]' }] },
  ],
});
