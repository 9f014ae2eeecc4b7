import { testCheck } from '../check-tester.js';
import { kubeletConfig } from '../../../test/cluster/control-plane-cases.js';
import check from './kubelet-certificate-rotation.js';

testCheck(check, {
  valid: [
    { name: 'rotation and server bootstrap', yaml: kubeletConfig('rotateCertificates: true\nserverTLSBootstrap: true\n') },
    { name: 'rotation and a provisioned serving certificate', yaml: kubeletConfig('rotateCertificates: true\ntlsCertFile: /var/lib/kubelet/pki/kubelet.crt\n') },
  ],
  invalid: [
    { name: 'kubeadm default: no server bootstrap', yaml: kubeletConfig('rotateCertificates: true\n'), errors: [{ messageId: 'noServerBootstrap', path: 'serverTLSBootstrap' }] },
    {
      name: 'all off',
      yaml: kubeletConfig('rotateCertificates: false\nfeatureGates:\n  RotateKubeletServerCertificate: false\n'),
      errors: [{ messageId: 'noClientRotation', path: 'rotateCertificates' }, { messageId: 'noServerBootstrap' }, { messageId: 'gateDisabled', path: 'featureGates.RotateKubeletServerCertificate' }],
    },
  ],
});
