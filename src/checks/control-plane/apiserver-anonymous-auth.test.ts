import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-anonymous-auth.js';

testCheck(check, {
  valid: [
    { name: 'anonymous-auth=false', yaml: staticPod('kube-apiserver', '--anonymous-auth=false') },
    { name: 'separate argument form', yaml: staticPod('kube-apiserver', '--anonymous-auth', 'false') },
    { name: 'not an API server', yaml: staticPod('kube-scheduler') },
    { name: 'an ordinary pod named like a flag', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers:\n  - name: web\n    image: nginx\n    args: ["--anonymous-auth=true"]\n' },
  ],
  invalid: [
    { name: 'default (flag absent)', yaml: staticPod('kube-apiserver', '--secure-port=6443'), errors: [{ messageId: 'anonymous', path: 'spec.containers[0]' }] },
    { name: 'explicitly true', yaml: staticPod('kube-apiserver', '--anonymous-auth=true'), errors: [{ messageId: 'anonymous', path: 'spec.containers[0].command[1]' }] },
    { name: 'bare boolean flag', yaml: staticPod('kube-apiserver', '--anonymous-auth', '--secure-port=6443'), errors: [{ messageId: 'anonymous', path: 'spec.containers[0].command[1]' }] },
    { name: 'later flag wins', yaml: staticPod('kube-apiserver', '--anonymous-auth=false', '--anonymous-auth=true'), errors: [{ messageId: 'anonymous', path: 'spec.containers[0].command[2]' }] },
  ],
});
