import { testCheck } from '../check-tester.js';
import { kubeletConfig, staticPod } from '../../../test/cluster/control-plane-cases.js';
import check from './control-plane-weak-tls.js';

testCheck(check, {
  valid: [
    { name: 'Go defaults', yaml: staticPod('kube-apiserver') },
    { name: 'TLS 1.2 and strong suites', yaml: staticPod('kube-apiserver', '--tls-min-version=VersionTLS12', '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_AES_128_GCM_SHA256') },
    { name: 'etcd strong suites', yaml: staticPod('etcd', '--cipher-suites', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384') },
    { name: 'kubelet TLS 1.3', yaml: kubeletConfig('tlsMinVersion: VersionTLS13\n') },
  ],
  invalid: [
    { name: 'API server TLS 1.0', yaml: staticPod('kube-apiserver', '--tls-min-version=VersionTLS10'), errors: [{ messageId: 'weakVersion', path: 'spec.containers[0].command[1]' }] },
    { name: 'scheduler RC4', yaml: staticPod('kube-scheduler', '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_RC4_128_SHA'), errors: [{ messageId: 'weakCiphers', path: 'spec.containers[0].command[1]' }] },
    { name: 'etcd TLS 1.1', yaml: staticPod('etcd', '--tls-min-version=TLS1.1'), errors: [{ messageId: 'weakVersion' }] },
    { name: 'kubelet weak suite and version', yaml: kubeletConfig('tlsMinVersion: VersionTLS11\ntlsCipherSuites: [TLS_RSA_WITH_AES_128_CBC_SHA]\n'), errors: [{ messageId: 'kubeletWeakVersion', path: 'tlsMinVersion' }, { messageId: 'kubeletWeakCiphers', path: 'tlsCipherSuites' }] },
  ],
});
