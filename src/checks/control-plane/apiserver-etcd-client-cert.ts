import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'apiserver-etcd-client-cert',
  code: 'SKD-912',
  title: 'API server to etcd connection not mutually authenticated',
  description: 'kube-apiserver should reach etcd over TLS with a client certificate and verify etcd against its CA (--etcd-certfile, --etcd-keyfile, --etcd-cafile).',
  severity: 'high',
  category: 'control-plane',
  frameworks: { cis: ['1.2.23', '1.2.26'], mitre: ['T1552.007'] },
  docs: {
    rationale:
      'etcd holds every object of the cluster, Secrets included. Without client certificates etcd must accept unauthenticated clients; without the CA the API server would send all of it to whatever answers on the etcd address.',
    remediation: 'Set `--etcd-certfile`, `--etcd-keyfile` and `--etcd-cafile` on kube-apiserver, and `--client-cert-auth=true` on etcd.',
    references: ['https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#securing-etcd-clusters'],
    example: {
      bad: 'command:\n- kube-apiserver\n- --etcd-servers=http://127.0.0.1:2379\n',
      good: 'command:\n- kube-apiserver\n- --etcd-servers=https://127.0.0.1:2379\n- --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n- --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt\n- --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key\n',
    },
  },
  messages: {
    noClientCert: '{{component}} has no client certificate for etcd ({{flag}} and --etcd-keyfile).',
    noEtcdCa: '{{component}} does not verify etcd: {{flag}} is not set.',
    plainHttp: '{{component}} reaches etcd over plain HTTP ({{flag}}={{value}}).',
  },
  ...onComponents(['kube-apiserver'], (c) => {
    const out = [];
    const servers = c.flags.get('etcd-servers')?.value ?? '';
    if (/(^|,)http:\/\//.test(servers)) out.push(flagViolation(c, 'etcd-servers', 'plainHttp' as const, { value: servers }));
    if (!c.flags.get('etcd-certfile')?.value || !c.flags.get('etcd-keyfile')?.value) out.push(flagViolation(c, 'etcd-certfile', 'noClientCert' as const));
    if (!c.flags.get('etcd-cafile')?.value) out.push(flagViolation(c, 'etcd-cafile', 'noEtcdCa' as const));
    return out;
  }),
});
