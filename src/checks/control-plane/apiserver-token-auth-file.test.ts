import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-token-auth-file.js';

testCheck(check, {
  valid: [{ name: 'no token file', yaml: staticPod('kube-apiserver', '--client-ca-file=/etc/kubernetes/pki/ca.crt') }],
  invalid: [
    { name: 'token file', yaml: staticPod('kube-apiserver', '--token-auth-file=/etc/kubernetes/tokens.csv'), errors: [{ messageId: 'tokenFile', path: 'spec.containers[0].command[1]' }] },
    { name: 'token file as separate argument', yaml: staticPod('kube-apiserver', '--v=2', '--token-auth-file', '/srv/tokens.csv'), errors: [{ messageId: 'tokenFile', path: 'spec.containers[0].command[2]' }] },
  ],
});
