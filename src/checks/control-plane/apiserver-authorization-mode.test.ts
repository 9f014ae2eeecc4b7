import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-authorization-mode.js';

testCheck(check, {
  valid: [
    { name: 'Node,RBAC', yaml: staticPod('kube-apiserver', '--authorization-mode=Node,RBAC') },
    { name: 'Node,RBAC,Webhook as separate argument', yaml: staticPod('kube-apiserver', '--authorization-mode', 'Node,RBAC,Webhook') },
  ],
  invalid: [
    { name: 'absent: AlwaysAllow by default', yaml: staticPod('kube-apiserver'), errors: [{ messageId: 'alwaysAllow', path: 'spec.containers[0]' }] },
    { name: 'AlwaysAllow among others', yaml: staticPod('kube-apiserver', '--authorization-mode=Node,RBAC,AlwaysAllow'), errors: [{ messageId: 'alwaysAllow', path: 'spec.containers[0].command[1]' }] },
    { name: 'RBAC only', yaml: staticPod('kube-apiserver', '--authorization-mode=RBAC'), errors: [{ messageId: 'missingNode' }] },
    { name: 'Node only', yaml: staticPod('kube-apiserver', '--authorization-mode=Node'), errors: [{ messageId: 'missingRbac' }] },
    { name: 'Webhook only', yaml: staticPod('kube-apiserver', '--authorization-mode=Webhook'), errors: [{ messageId: 'missingNode' }, { messageId: 'missingRbac' }] },
  ],
});
