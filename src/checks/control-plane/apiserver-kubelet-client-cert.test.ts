import { testCheck } from '../check-tester.js';
import { KUBEADM_APISERVER, staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-kubelet-client-cert.js';

testCheck(check, {
  valid: [{ name: 'client certificate and kubelet CA', yaml: staticPod('kube-apiserver', ...KUBEADM_APISERVER, '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt') }],
  invalid: [
    { name: 'kubeadm default: no kubelet CA', yaml: staticPod('kube-apiserver', ...KUBEADM_APISERVER), errors: [{ messageId: 'noKubeletCa', path: 'spec.containers[0]' }] },
    { name: 'key without certificate', yaml: staticPod('kube-apiserver', '--kubelet-client-key=/k', '--kubelet-certificate-authority=/ca'), errors: [{ messageId: 'noClientCert', path: 'spec.containers[0]' }] },
  ],
});
