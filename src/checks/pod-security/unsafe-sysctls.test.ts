import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './unsafe-sysctls.js';

const withSysctls = (...names: string[]) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    sysctls: [${names.map((n) => `{name: ${n}, value: "1"}`).join(', ')}]\n  containers: [{name: a, image: a:1}]`;

testCheck(check, {
  valid: [
    { name: 'the v1.0 safe set', options: { pssVersion: 'v1.0' }, yaml: withSysctls('kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start') },
    { name: 'ip_local_reserved_ports is safe from policy v1.27', options: { pssVersion: 'v1.27' }, yaml: withSysctls('net.ipv4.ip_local_reserved_ports') },
    { name: 'TCP keepalive sysctls are safe from policy v1.29', options: { pssVersion: 'v1.29' }, yaml: withSysctls('net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes') },
    { name: 'tcp_rmem and tcp_wmem are safe from policy v1.32', options: { pssVersion: 'v1.32' }, yaml: withSysctls('net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem') },
    { name: 'tcp_notsent_lowat is safe at latest', yaml: withSysctls('net.ipv4.tcp_notsent_lowat', 'net.ipv4.tcp_slow_start_after_idle') },
  ],
  invalid: [
    {
      name: 'an unsafe sysctl among safe ones',
      yaml: withSysctls('kernel.shm_rmid_forced', 'kernel.msgmax', 'net.core.somaxconn'),
      errors: [
        { messageId: 'forbiddenSysctl', path: 'spec.securityContext.sysctls[1].name' },
        { messageId: 'forbiddenSysctl', path: 'spec.securityContext.sysctls[2].name' },
      ],
    },
    {
      name: 'ip_local_reserved_ports before policy v1.27',
      options: { pssVersion: 'v1.26' },
      yaml: withSysctls('net.ipv4.ip_local_reserved_ports'),
      errors: [{ messageId: 'forbiddenSysctl', path: 'spec.securityContext.sysctls[0].name' }],
    },
    {
      name: 'tcp_keepalive_time before policy v1.29',
      options: { pssVersion: 'v1.28' },
      yaml: withSysctls('net.ipv4.tcp_keepalive_time'),
      errors: [{ messageId: 'forbiddenSysctl', path: 'spec.securityContext.sysctls[0].name' }],
    },
    {
      name: 'tcp_notsent_lowat before policy v1.37',
      options: { pssVersion: 'v1.36' },
      yaml: withSysctls('net.ipv4.tcp_wmem', 'net.ipv4.tcp_notsent_lowat'),
      errors: [{ messageId: 'forbiddenSysctl', path: 'spec.securityContext.sysctls[1].name' }],
    },
  ],
});

it('unsafe-sysctls words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, withSysctls('kernel.msgmax', 'kernel.shm_rmid_forced', 'net.core.somaxconn')), 'forbidden sysctls (kernel.msgmax, net.core.somaxconn)');
});
