import { testCheck } from '../check-tester.js';
import { kubeletConfig } from '../../../test/cluster/control-plane-cases.js';
import check from './kubelet-client-ca.js';

testCheck(check, {
  valid: [{ name: 'kubeadm', yaml: kubeletConfig('authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n') }],
  invalid: [
    { name: 'absent', yaml: kubeletConfig('authentication:\n  webhook:\n    enabled: true\n'), errors: [{ messageId: 'noClientCa', path: 'authentication' }] },
    { name: 'empty', yaml: kubeletConfig('authentication:\n  x509:\n    clientCAFile: ""\n'), errors: [{ messageId: 'noClientCa' }] },
  ],
});
