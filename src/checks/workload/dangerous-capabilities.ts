import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import type { Severity } from '../../core/finding.js';
import { toJsonPointer } from '../../core/path.js';

/** What each capability hands a container, and how bad that is. */
const DANGEROUS: Record<string, { severity: Severity; reason: string }> = {
  ALL: { severity: 'critical', reason: 'every capability: as powerful as a privileged container' },
  SYS_ADMIN: { severity: 'critical', reason: 'mount filesystems, use namespaces and many admin syscalls: the classic container escape (cgroup release_agent)' },
  SYS_MODULE: { severity: 'critical', reason: 'load kernel modules: arbitrary code in the host kernel' },
  SYS_RAWIO: { severity: 'critical', reason: 'raw I/O ports and /dev/mem: read and write host memory and disks' },
  DAC_READ_SEARCH: { severity: 'critical', reason: 'bypass read permission checks and open_by_handle_at: read any host file (the "Shocker" escape)' },
  BPF: { severity: 'critical', reason: 'load eBPF programs: read kernel memory and observe every process on the node' },
  SYS_PTRACE: { severity: 'high', reason: 'trace and inject code into other processes (host processes with hostPID)' },
  NET_ADMIN: { severity: 'high', reason: "reconfigure interfaces, routes and iptables: intercept or redirect other workloads' traffic" },
  PERFMON: { severity: 'high', reason: 'perf events: observe other processes and kernel side channels' },
  MAC_ADMIN: { severity: 'high', reason: 'change the AppArmor/SELinux policy that confines the container' },
  MAC_OVERRIDE: { severity: 'high', reason: 'bypass the AppArmor/SELinux policy that confines the container' },
  SYS_BOOT: { severity: 'high', reason: 'reboot the node or load a new kernel' },
  AUDIT_CONTROL: { severity: 'high', reason: 'change or disable kernel audit rules: hide activity from the node audit log' },
  NET_RAW: { severity: 'medium', reason: 'craft raw packets: ARP and DNS spoofing of other pods (CVE-2020-14386)' },
  SYS_TIME: { severity: 'medium', reason: 'set the host clock: breaks TLS validation, token expiry and log timelines' },
  SYSLOG: { severity: 'medium', reason: 'read the kernel log: kernel addresses that defeat KASLR' },
  SYS_RESOURCE: { severity: 'medium', reason: 'override resource limits and quotas' },
  LINUX_IMMUTABLE: { severity: 'medium', reason: 'alter immutable and append-only files (tamper with logs)' },
  IPC_OWNER: { severity: 'medium', reason: "bypass permission checks on other processes' IPC objects" },
  WAKE_ALARM: { severity: 'low', reason: 'wake the node from suspend' },
};

export default defineCheck({
  id: 'dangerous-capabilities',
  code: 'SKD-210',
  title: 'Dangerous Linux capability added',
  description: 'Containers should not add capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, NET_RAW or BPF.',
  severity: 'high',
  category: 'workload',
  frameworks: { nsa: ['Pod security: hardening container environments'], cis: ['5.2.8', '5.2.9'], mitre: ['T1611', 'T1068'] },
  docs: {
    rationale:
      'Capabilities split root\'s power into pieces, and some pieces are the whole: SYS_ADMIN, SYS_MODULE, SYS_RAWIO, DAC_READ_SEARCH and BPF each allow a container escape; SYS_PTRACE and NET_ADMIN let a container attack its neighbours. Each finding names what the capability allows; the severity follows from it.',
    remediation: 'Remove the capability from `securityContext.capabilities.add`; drop ALL and add back only what the process needs (usually nothing, or NET_BIND_SERVICE).',
    references: ['https://man7.org/linux/man-pages/man7/capabilities.7.html'],
    example: { bad: 'securityContext:\n  capabilities:\n    add: [SYS_ADMIN]\n', good: 'securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]\n' },
  },
  messages: {
    added: '{{object}}: container "{{container}}" adds capability {{capability}}, which allows it to {{reason}}; remove it from securityContext.capabilities.add.',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<'added'>[] = [];
    for (const ref of workload.containers) {
      const add: unknown = ref.container.securityContext?.capabilities?.add;
      if (!Array.isArray(add)) continue;
      // Later indices first, each removal guarded by a test: the fixes compose into one patch.
      for (let i = add.length - 1; i >= 0; i--) {
        const written = add[i];
        if (typeof written !== 'string') continue;
        const capability = written.toUpperCase().replace(/^CAP_/, '');
        const danger = DANGEROUS[capability];
        if (!danger) continue;
        const path = [...ref.path, 'securityContext', 'capabilities', 'add', i];
        const pointer = toJsonPointer(path);
        out.push({
          messageId: 'added',
          data: { object: describeWorkload(workload), container: ref.name, capability, reason: danger.reason },
          path,
          container: ref.name,
          severity: danger.severity,
          discriminator: capability,
          // The process may rely on the capability.
          fix: [
            { op: 'test', path: pointer, value: written },
            { op: 'remove', path: pointer },
          ],
          fixSafety: 'unsafe',
        });
      }
    }
    return out;
  },
});
