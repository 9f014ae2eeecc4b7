import { defineCheck } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import type { Workload } from '../../core/k8s/workload.js';
import { NSA_POD_SECURITY_ENFORCEMENT, podPath, podSecurityContextOf, pssControl, type PssEvaluator } from './pss.js';

/**
 * The sysctls Kubernetes considers safe (namespaced and isolated from other pods), as each
 * policy version extended the set.
 */
const SAFE_V1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SAFE_V1_27 = [...SAFE_V1_0, 'net.ipv4.ip_local_reserved_ports'];
const SAFE_V1_29 = [...SAFE_V1_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'];
const SAFE_V1_32 = [...SAFE_V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SAFE_V1_37 = [...SAFE_V1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function allowing(safe: readonly string[]): PssEvaluator<'forbiddenSysctl'> {
  const allowed = new Set(safe);
  return (workload: Workload) => {
    const sysctls = podSecurityContextOf(workload.podSpec)?.sysctls;
    if (!Array.isArray(sysctls)) return undefined;
    const bad = sysctls.flatMap((sysctl, index) => {
      const name = isRecord(sysctl) && typeof sysctl.name === 'string' ? sysctl.name : '';
      return allowed.has(name) ? [] : [{ name, index }];
    });
    if (bad.length === 0) return undefined;
    return {
      detail: bad.map((b) => b.name).join(', '),
      findings: bad.map((b) => ({ messageId: 'forbiddenSysctl' as const, path: podPath(workload, 'securityContext', 'sysctls', b.index, 'name') })),
    };
  };
}

export default defineCheck({
  id: 'unsafe-sysctls',
  code: 'SKD-106',
  title: 'Unsafe sysctl',
  description: 'Pods may set only the sysctls Kubernetes considers safe.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'Sysctls' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
    mitre: ['T1611'],
  },
  docs: {
    rationale:
      'Sysctls outside the safe set are not namespaced or not isolated between pods: setting them can disable kernel security mechanisms or change the behaviour of every other workload on the node.',
    remediation:
      'Remove the sysctl from `spec.securityContext.sysctls`, or run the workload on dedicated nodes configured outside Kubernetes. Safe are kernel.shm_rmid_forced and the net.ipv4 port range, ping group, unprivileged port start, syncookies, reserved ports (v1.27+), TCP keepalive and FIN timeout (v1.29+), tcp_rmem/tcp_wmem (v1.32+), tcp_slow_start_after_idle and tcp_notsent_lowat (v1.37+).',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline', 'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/'],
    example: {
      bad: 'securityContext:\n  sysctls:\n  - name: kernel.msgmax\n    value: "65536"\n',
      good: 'securityContext:\n  sysctls:\n  - name: net.ipv4.ip_unprivileged_port_start\n    value: "0"\n',
    },
  },
  messages: {
    forbiddenSysctl: 'forbidden sysctls ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    { since: 'v1.0', evaluate: allowing(SAFE_V1_0) },
    { since: 'v1.27', evaluate: allowing(SAFE_V1_27) },
    { since: 'v1.29', evaluate: allowing(SAFE_V1_29) },
    { since: 'v1.32', evaluate: allowing(SAFE_V1_32) },
    { since: 'v1.37', evaluate: allowing(SAFE_V1_37) },
  ]),
});
