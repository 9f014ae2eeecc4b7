import { defineCheck } from '../../core/check.js';
import { fieldOf } from './component-flags.js';

export default defineCheck({
  id: 'kubelet-certificate-rotation',
  code: 'SKD-921',
  title: 'Kubelet certificates are not rotated',
  description: 'A KubeletConfiguration should set rotateCertificates and serverTLSBootstrap true and keep the RotateKubeletServerCertificate feature gate on.',
  severity: 'medium',
  category: 'control-plane',
  frameworks: { cis: ['4.2.10', '4.2.11'], mitre: ['T1552.004'] },
  docs: {
    rationale:
      'A kubelet client certificate that is never rotated stays valid for its whole lifetime after a node is compromised or retired. A serving certificate that is self-signed (no serverTLSBootstrap) cannot be verified by the API server, which then talks to an unauthenticated kubelet.',
    remediation: 'Set `rotateCertificates: true` and `serverTLSBootstrap: true` in the KubeletConfiguration, approve kubelet serving CSRs, and do not set `featureGates.RotateKubeletServerCertificate: false`.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/#certificate-rotation'],
    example: {
      bad: 'kind: KubeletConfiguration\nrotateCertificates: false\n',
      good: 'kind: KubeletConfiguration\nrotateCertificates: true\nserverTLSBootstrap: true\n',
    },
  },
  messages: {
    noClientRotation: 'Kubelet configuration "{{name}}" does not rotate its client certificate (rotateCertificates is not true).',
    noServerBootstrap: 'Kubelet configuration "{{name}}" serves a self-signed certificate: serverTLSBootstrap is not true and no tlsCertFile is set.',
    gateDisabled: 'Kubelet configuration "{{name}}" disables the RotateKubeletServerCertificate feature gate.',
  },
  scope: 'object',
  kinds: ['KubeletConfiguration'],
  check(config) {
    const name = config.metadata?.name ?? '(file)';
    const out = [];
    if (fieldOf(config, ['rotateCertificates']) !== true) out.push({ messageId: 'noClientRotation' as const, data: { name }, path: ['rotateCertificates'] });
    const certFile = fieldOf(config, ['tlsCertFile']);
    if (fieldOf(config, ['serverTLSBootstrap']) !== true && !(typeof certFile === 'string' && certFile !== '')) {
      out.push({ messageId: 'noServerBootstrap' as const, data: { name }, path: ['serverTLSBootstrap'] });
    }
    if (fieldOf(config, ['featureGates', 'RotateKubeletServerCertificate']) === false) out.push({ messageId: 'gateDisabled' as const, data: { name }, path: ['featureGates', 'RotateKubeletServerCertificate'] });
    return out;
  },
});
