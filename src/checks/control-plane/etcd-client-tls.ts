import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'etcd-client-tls',
  code: 'SKD-913',
  title: 'etcd client connections not protected by TLS',
  description: 'etcd should serve clients over TLS (--cert-file, --key-file), require client certificates (--client-cert-auth=true) and not use self-signed --auto-tls.',
  severity: 'critical',
  category: 'control-plane',
  frameworks: { cis: ['2.1', '2.2', '2.3'], mitre: ['T1552.007'] },
  docs: {
    rationale:
      'Whoever can talk to etcd reads and writes every object of the cluster, Secrets and RBAC included, bypassing authentication, authorization, admission and audit. etcd must therefore encrypt client traffic and accept only clients with a certificate from its CA; --auto-tls certificates are self-signed and authenticate nobody.',
    remediation: 'Start etcd with `--cert-file`, `--key-file`, `--trusted-ca-file`, `--client-cert-auth=true`, without `--auto-tls`, and with https:// in `--listen-client-urls`.',
    references: ['https://etcd.io/docs/v3.5/op-guide/security/', 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#securing-etcd-clusters'],
    example: {
      bad: 'command:\n- etcd\n- --listen-client-urls=http://0.0.0.0:2379\n',
      good: 'command:\n- etcd\n- --cert-file=/etc/kubernetes/pki/etcd/server.crt\n- --key-file=/etc/kubernetes/pki/etcd/server.key\n- --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n- --client-cert-auth=true\n',
    },
  },
  messages: {
    noServingCert: '{{component}} serves clients without TLS: {{flag}} and --key-file are not set.',
    noClientCertAuth: '{{component}} accepts clients without a certificate: {{flag}} is not true.',
    autoTls: '{{component}} uses self-signed certificates for clients ({{flag}}=true).',
    plainListen: '{{component}} listens for clients over plain HTTP ({{flag}}={{value}}).',
  },
  ...onComponents(['etcd'], (c) => {
    const out = [];
    const listen = c.flags.get('listen-client-urls')?.value ?? '';
    if (/(^|,)http:\/\//.test(listen)) out.push(flagViolation(c, 'listen-client-urls', 'plainListen' as const, { value: listen }));
    if (!c.flags.get('cert-file')?.value || !c.flags.get('key-file')?.value) out.push(flagViolation(c, 'cert-file', 'noServingCert' as const));
    if (c.flags.get('client-cert-auth')?.value !== 'true') out.push(flagViolation(c, 'client-cert-auth', 'noClientCertAuth' as const));
    if (c.flags.get('auto-tls')?.value === 'true') out.push(flagViolation(c, 'auto-tls', 'autoTls' as const));
    return out;
  }),
});
