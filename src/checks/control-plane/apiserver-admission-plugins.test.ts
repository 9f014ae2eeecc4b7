import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-admission-plugins.js';

testCheck(check, {
  valid: [
    { name: 'kubeadm: NodeRestriction', yaml: staticPod('kube-apiserver', '--enable-admission-plugins=NodeRestriction') },
    { name: 'more plugins, unrelated one disabled', yaml: staticPod('kube-apiserver', '--enable-admission-plugins', 'NodeRestriction,AlwaysPullImages', '--disable-admission-plugins=DefaultStorageClass') },
  ],
  invalid: [
    { name: 'no enable list', yaml: staticPod('kube-apiserver'), errors: [{ messageId: 'noNodeRestriction', path: 'spec.containers[0]' }] },
    { name: 'AlwaysAdmit', yaml: staticPod('kube-apiserver', '--enable-admission-plugins=NodeRestriction,AlwaysAdmit'), errors: [{ messageId: 'alwaysAdmit', path: 'spec.containers[0].command[1]' }] },
    { name: 'legacy --admission-control spelling', yaml: staticPod('kube-apiserver', '--admission-control=AlwaysAdmit'), errors: [{ messageId: 'alwaysAdmit' }, { messageId: 'noNodeRestriction' }] },
    {
      name: 'PodSecurity and ServiceAccount disabled',
      yaml: staticPod('kube-apiserver', '--enable-admission-plugins=NodeRestriction', '--disable-admission-plugins=PodSecurity,ServiceAccount'),
      errors: [{ messageId: 'disabled', path: 'spec.containers[0].command[2]' }, { messageId: 'disabled', path: 'spec.containers[0].command[2]' }],
    },
  ],
});
