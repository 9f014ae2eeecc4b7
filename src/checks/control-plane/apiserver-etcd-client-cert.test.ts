import { testCheck } from '../check-tester.js';
import { KUBEADM_APISERVER, staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './apiserver-etcd-client-cert.js';

testCheck(check, {
  valid: [{ name: 'kubeadm default', yaml: staticPod('kube-apiserver', ...KUBEADM_APISERVER) }],
  invalid: [
    { name: 'plain HTTP, no certificates', yaml: staticPod('kube-apiserver', '--etcd-servers=http://127.0.0.1:2379'), errors: [{ messageId: 'plainHttp', path: 'spec.containers[0].command[1]' }, { messageId: 'noClientCert' }, { messageId: 'noEtcdCa' }] },
    { name: 'no CA', yaml: staticPod('kube-apiserver', '--etcd-servers=https://10.0.0.2:2379', '--etcd-certfile=/c', '--etcd-keyfile=/k'), errors: [{ messageId: 'noEtcdCa', path: 'spec.containers[0]' }] },
  ],
});
