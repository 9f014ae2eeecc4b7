import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-always-pull-images.js';

testCheck(check, {
  valid: [
    { name: 'enabled', yaml: staticPod('kube-apiserver', '--enable-admission-plugins=NodeRestriction,AlwaysPullImages') },
    { name: 'not an API server', yaml: staticPod('etcd') },
  ],
  invalid: [
    { name: 'kubeadm default', yaml: staticPod('kube-apiserver', '--enable-admission-plugins=NodeRestriction'), errors: [{ messageId: 'missing', path: 'spec.containers[0].command[1]' }] },
    { name: 'no enable list', yaml: staticPod('kube-apiserver'), errors: [{ messageId: 'missing', path: 'spec.containers[0]' }] },
  ],
});
