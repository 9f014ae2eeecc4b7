import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-service-account-lookup.js';

testCheck(check, {
  valid: [
    { name: 'default', yaml: staticPod('kube-apiserver') },
    { name: 'explicitly true', yaml: staticPod('kube-apiserver', '--service-account-lookup=true') },
  ],
  invalid: [
    { name: 'false', yaml: staticPod('kube-apiserver', '--service-account-lookup=false'), errors: [{ messageId: 'noLookup', path: 'spec.containers[0].command[1]' }] },
    { name: 'false as separate argument', yaml: staticPod('kube-apiserver', '--service-account-lookup', 'false'), errors: [{ messageId: 'noLookup', path: 'spec.containers[0].command[1]' }] },
  ],
});
