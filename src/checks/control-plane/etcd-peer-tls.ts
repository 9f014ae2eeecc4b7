import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'etcd-peer-tls',
  code: 'SKD-914',
  title: 'etcd peer connections not protected by TLS',
  description: 'etcd members should talk to each other over TLS (--peer-cert-file, --peer-key-file) with certificate authentication (--peer-client-cert-auth=true) and not --peer-auto-tls.',
  severity: 'high',
  category: 'control-plane',
  frameworks: { cis: ['2.4', '2.5', '2.6'], mitre: ['T1552.007'] },
  docs: {
    rationale:
      'Peers replicate the whole key space: a plain-text peer link exposes every Secret to the network, and a peer port that accepts any client lets an impostor join the cluster and receive the data.',
    remediation: 'Start etcd with `--peer-cert-file`, `--peer-key-file`, `--peer-trusted-ca-file`, `--peer-client-cert-auth=true`, without `--peer-auto-tls`.',
    references: ['https://etcd.io/docs/v3.5/op-guide/security/'],
    example: {
      bad: 'command:\n- etcd\n- --peer-auto-tls=true\n',
      good: 'command:\n- etcd\n- --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n- --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n- --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n- --peer-client-cert-auth=true\n',
    },
  },
  messages: {
    noPeerCert: '{{component}} talks to peers without TLS: {{flag}} and --peer-key-file are not set.',
    noPeerCertAuth: '{{component}} accepts peers without a certificate: {{flag}} is not true.',
    peerAutoTls: '{{component}} uses self-signed peer certificates ({{flag}}=true).',
  },
  ...onComponents(['etcd'], (c) => {
    const out = [];
    if (!c.flags.get('peer-cert-file')?.value || !c.flags.get('peer-key-file')?.value) out.push(flagViolation(c, 'peer-cert-file', 'noPeerCert' as const));
    if (c.flags.get('peer-client-cert-auth')?.value !== 'true') out.push(flagViolation(c, 'peer-client-cert-auth', 'noPeerCertAuth' as const));
    if (c.flags.get('peer-auto-tls')?.value === 'true') out.push(flagViolation(c, 'peer-auto-tls', 'peerAutoTls' as const));
    return out;
  }),
});
