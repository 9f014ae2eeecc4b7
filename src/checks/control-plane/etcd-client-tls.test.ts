import { testCheck } from '../check-tester.js';
import { staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './etcd-client-tls.js';

const KUBEADM = ['--cert-file=/etc/kubernetes/pki/etcd/server.crt', '--key-file=/etc/kubernetes/pki/etcd/server.key', '--client-cert-auth=true', '--listen-client-urls=https://127.0.0.1:2379'];

testCheck(check, {
  valid: [
    { name: 'kubeadm', yaml: staticPod('etcd', ...KUBEADM) },
    { name: 'separate arguments', yaml: staticPod('etcd', '--cert-file', '/c', '--key-file', '/k', '--client-cert-auth', 'true') },
  ],
  invalid: [
    { name: 'plain HTTP, nothing set', yaml: staticPod('etcd', '--listen-client-urls=http://0.0.0.0:2379'), errors: [{ messageId: 'plainListen', path: 'spec.containers[0].command[1]' }, { messageId: 'noServingCert' }, { messageId: 'noClientCertAuth' }] },
    { name: 'auto TLS', yaml: staticPod('etcd', ...KUBEADM, '--auto-tls=true'), errors: [{ messageId: 'autoTls', path: 'spec.containers[0].command[5]' }] },
    { name: 'client-cert-auth false', yaml: staticPod('etcd', '--cert-file=/c', '--key-file=/k', '--client-cert-auth=false'), errors: [{ messageId: 'noClientCertAuth', path: 'spec.containers[0].command[3]' }] },
  ],
});
