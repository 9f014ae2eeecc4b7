import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './etcd-peer-tls.js';

const KUBEADM = ['--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt', '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key', '--peer-client-cert-auth=true'];

testCheck(check, {
  valid: [{ name: 'kubeadm', yaml: staticPod('etcd', ...KUBEADM) }],
  invalid: [
    { name: 'nothing set', yaml: staticPod('etcd'), errors: [{ messageId: 'noPeerCert', path: 'spec.containers[0]' }, { messageId: 'noPeerCertAuth', path: 'spec.containers[0]' }] },
    { name: 'peer auto TLS', yaml: staticPod('etcd', ...KUBEADM, '--peer-auto-tls'), errors: [{ messageId: 'peerAutoTls', path: 'spec.containers[0].command[4]' }] },
  ],
});
