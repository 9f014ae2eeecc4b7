import { defineCheck } from '../../core/check.js';
import { fieldOf } from './component-flags.js';

export default defineCheck({
  id: 'kubelet-client-ca',
  code: 'SKD-919',
  title: 'Kubelet does not authenticate client certificates',
  description: 'A KubeletConfiguration should set authentication.x509.clientCAFile so that the API server can authenticate to it with its certificate.',
  severity: 'medium',
  category: 'control-plane',
  frameworks: { cis: ['4.2.3'], mitre: ['T1557'] },
  docs: {
    rationale:
      'Without a client CA the kubelet cannot verify the API server\'s client certificate for exec, logs and port-forward; those calls then fall back to tokens or, where allowed, anonymous access.',
    remediation: 'Set `authentication.x509.clientCAFile` to the cluster CA (kubeadm: /etc/kubernetes/pki/ca.crt).',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/'],
    example: {
      bad: 'kind: KubeletConfiguration\nauthentication:\n  webhook:\n    enabled: true\n',
      good: 'kind: KubeletConfiguration\nauthentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n',
    },
  },
  messages: {
    noClientCa: 'Kubelet configuration "{{name}}" has no authentication.x509.clientCAFile: client certificates are not accepted.',
  },
  scope: 'object',
  kinds: ['KubeletConfiguration'],
  check(config) {
    const file = fieldOf(config, ['authentication', 'x509', 'clientCAFile']);
    if (typeof file === 'string' && file !== '') return [];
    return [{ messageId: 'noClientCa' as const, data: { name: config.metadata?.name ?? '(file)' }, path: ['authentication'] }];
  },
});
