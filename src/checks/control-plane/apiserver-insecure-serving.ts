import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'apiserver-insecure-serving',
  code: 'SKD-903',
  title: 'API server serves an unauthenticated insecure port',
  description: 'kube-apiserver must not set a non-zero --insecure-port or an --insecure-bind-address.',
  severity: 'critical',
  category: 'control-plane',
  // The CIS Benchmark dropped these controls (1.2.18, 1.2.19 up to v1.6) when Kubernetes v1.24 removed the flags.
  frameworks: { nsa: ['Authentication and authorization'], mitre: ['T1133'] },
  docs: {
    rationale:
      'The insecure port serves the whole API over plain HTTP with no authentication and no authorization: anyone who reaches it is cluster-admin. Kubernetes v1.24 removed the flags, so a manifest that still sets them either runs an old, unsupported API server or fails to start.',
    remediation: 'Remove `--insecure-port` and `--insecure-bind-address` from the kube-apiserver command (or set `--insecure-port=0` on versions before v1.20), and upgrade.',
    references: ['https://kubernetes.io/docs/concepts/security/controlling-access/'],
    example: { bad: 'command:\n- kube-apiserver\n- --insecure-port=8080\n', good: 'command:\n- kube-apiserver\n- --secure-port=6443\n' },
  },
  messages: {
    insecurePort: '{{component}} serves the API without authentication on {{flag}}={{value}}.',
    insecureBind: '{{component}} sets {{flag}}={{value}}: the insecure port listens beyond localhost.',
  },
  ...onComponents(['kube-apiserver'], (c) => {
    const out = [];
    const port = c.flags.get('insecure-port')?.value;
    if (port !== undefined && port !== '0') out.push(flagViolation(c, 'insecure-port', 'insecurePort' as const, { value: port }));
    const bind = c.flags.get('insecure-bind-address')?.value;
    if (bind !== undefined && bind !== '127.0.0.1' && bind !== 'localhost') out.push(flagViolation(c, 'insecure-bind-address', 'insecureBind' as const, { value: bind }));
    return out;
  }),
});
