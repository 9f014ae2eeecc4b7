import { defineCheck, type Violation } from '../../core/check.js';
import { componentsOf, fieldOf, flagViolation, listFlag, STRONG_CIPHER_SUITES, WEAK_TLS_VERSIONS } from './component-flags.js';

type MessageId = 'weakVersion' | 'weakCiphers' | 'kubeletWeakVersion' | 'kubeletWeakCiphers';

/** etcd spells versions `TLS1.0`; the Kubernetes components `VersionTLS10`. */
const WEAK_VERSIONS = new Set([...WEAK_TLS_VERSIONS, 'TLS1.0', 'TLS1.1']);

export default defineCheck({
  id: 'control-plane-weak-tls',
  code: 'SKD-910',
  title: 'Control plane accepts weak TLS',
  description: 'Control-plane components and kubelets should not allow TLS below 1.2 or cipher suites outside the strong set.',
  severity: 'medium',
  category: 'control-plane',
  frameworks: { cis: ['1.2.29', '4.2.12'], nsa: ['Network separation and hardening'], mitre: ['T1557'] },
  docs: {
    rationale:
      'TLS 1.0 and 1.1 and suites such as RC4, 3DES or CBC without forward secrecy let an attacker on the path downgrade and decrypt the traffic that carries tokens, Secrets and exec sessions. The Go defaults are strong; an explicit weak setting, usually kept for an old client, undoes them.',
    remediation: 'Set `--tls-min-version=VersionTLS12` (or 13), remove weak suites from `--tls-cipher-suites` (etcd: `--cipher-suites`), and `tlsMinVersion`/`tlsCipherSuites` in the KubeletConfiguration likewise.',
    references: ['https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/', 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/'],
    example: {
      bad: 'command:\n- kube-apiserver\n- --tls-min-version=VersionTLS10\n',
      good: 'command:\n- kube-apiserver\n- --tls-min-version=VersionTLS12\n',
    },
  },
  messages: {
    weakVersion: '{{component}} accepts TLS below 1.2: {{flag}}={{value}}.',
    weakCiphers: '{{component}} allows weak cipher suites in {{flag}}: {{value}}.',
    kubeletWeakVersion: 'Kubelet configuration "{{name}}" accepts TLS below 1.2: tlsMinVersion={{value}}.',
    kubeletWeakCiphers: 'Kubelet configuration "{{name}}" allows weak cipher suites in tlsCipherSuites: {{value}}.',
  },
  scope: 'object',
  kinds: ['Pod', 'KubeletConfiguration'],
  check(object) {
    const out: Violation<MessageId>[] = [];
    if (object.kind === 'KubeletConfiguration') {
      const name = object.metadata?.name ?? '(file)';
      const version = fieldOf(object, ['tlsMinVersion']);
      if (typeof version === 'string' && WEAK_VERSIONS.has(version)) out.push({ messageId: 'kubeletWeakVersion', data: { name, value: version }, path: ['tlsMinVersion'] });
      const suites = fieldOf(object, ['tlsCipherSuites']);
      const weak = Array.isArray(suites) ? suites.filter((s) => typeof s !== 'string' || !STRONG_CIPHER_SUITES.has(s)) : [];
      if (weak.length > 0) out.push({ messageId: 'kubeletWeakCiphers', data: { name, value: weak.map(String).join(', ') }, path: ['tlsCipherSuites'] });
      return out;
    }
    for (const c of componentsOf(object)) {
      const version = c.flags.get('tls-min-version')?.value;
      if (version !== undefined && WEAK_VERSIONS.has(version)) out.push(flagViolation(c, 'tls-min-version', 'weakVersion', { value: version }));
      const suitesFlag = c.component === 'etcd' ? 'cipher-suites' : 'tls-cipher-suites';
      const weak = listFlag(c.flags, suitesFlag).filter((s) => !STRONG_CIPHER_SUITES.has(s));
      if (weak.length > 0) out.push(flagViolation(c, suitesFlag, 'weakCiphers', { value: weak.join(', ') }));
    }
    return out;
  },
});
