import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'apiserver-kubelet-client-cert',
  code: 'SKD-911',
  title: 'API server to kubelet connection not mutually authenticated',
  description: 'kube-apiserver should present a client certificate to kubelets and verify theirs (--kubelet-client-certificate, --kubelet-client-key, --kubelet-certificate-authority).',
  severity: 'high',
  category: 'control-plane',
  frameworks: { cis: ['1.2.4', '1.2.5'], mitre: ['T1557'] },
  docs: {
    rationale:
      'The API server connects to kubelets for exec, attach, logs and port-forward. Without a client certificate it cannot pass a kubelet that requires authentication, which tempts operators to open the kubelet; without the kubelet CA it cannot tell a real kubelet from an impostor that captures exec sessions.',
    remediation: 'Set `--kubelet-client-certificate` and `--kubelet-client-key` to a certificate the kubelets trust, and `--kubelet-certificate-authority` to the CA that signs kubelet serving certificates (with `serverTLSBootstrap: true` on the kubelets).',
    references: ['https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/#api-server-to-kubelet'],
    example: {
      bad: 'command:\n- kube-apiserver\n',
      good: 'command:\n- kube-apiserver\n- --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt\n- --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key\n- --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt\n',
    },
  },
  messages: {
    noClientCert: '{{component}} has no client certificate for kubelets ({{flag}} and --kubelet-client-key).',
    noKubeletCa: '{{component}} does not verify kubelet serving certificates: {{flag}} is not set.',
  },
  ...onComponents(['kube-apiserver'], (c) => {
    const out = [];
    if (!c.flags.get('kubelet-client-certificate')?.value || !c.flags.get('kubelet-client-key')?.value) out.push(flagViolation(c, 'kubelet-client-certificate', 'noClientCert' as const));
    if (!c.flags.get('kubelet-certificate-authority')?.value) out.push(flagViolation(c, 'kubelet-certificate-authority', 'noKubeletCa' as const));
    return out;
  }),
});
