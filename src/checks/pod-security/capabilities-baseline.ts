import { defineCheck } from '../../core/check.js';
import { capabilityList, forbiddenAddFindings } from './capabilities.js';
import { containersPhrase, joinQuote, NSA_POD_SECURITY_ENFORCEMENT, pssControl, sortedSet, type PssFinding } from './pss.js';

/** The capabilities container runtimes grant by default: adding them back changes nothing. */
const DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export default defineCheck({
  id: 'capabilities-baseline',
  code: 'SKD-105',
  title: 'Non-default capability added',
  description: 'Containers may add only capabilities from the container runtime default set.',
  severity: 'high',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'Capabilities' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
    cis: ['5.2.8', '5.2.9'],
    mitre: ['T1611'],
  },
  docs: {
    rationale:
      'Capabilities beyond the runtime default set (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, NET_RAW, BPF, …) hand a container pieces of root on the node: mounting filesystems, tracing other processes, forging packets or loading programs into the kernel.',
    remediation:
      'Remove the capability from `securityContext.capabilities.add`; allowed are AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    example: {
      bad: 'securityContext:\n  capabilities:\n    add: [SYS_ADMIN]\n',
      good: 'securityContext:\n  capabilities:\n    add: [NET_BIND_SERVICE]\n',
    },
  },
  messages: {
    nonDefaultCapability: 'non-default capabilities ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    {
      since: 'v1.0',
      evaluate(workload) {
        const badContainers: string[] = [];
        const forbidden: string[] = [];
        const findings: PssFinding<'nonDefaultCapability'>[] = [];
        for (const ref of workload.containers) {
          const result = forbiddenAddFindings(capabilityList(ref, 'add'), (c) => DEFAULT_CAPABILITIES.has(c), 'nonDefaultCapability');
          if (result.findings.length === 0) continue;
          badContainers.push(ref.name);
          forbidden.push(...result.forbidden);
          findings.push(...result.findings);
        }
        if (findings.length === 0) return undefined;
        return {
          detail: `${containersPhrase(badContainers)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
          findings,
        };
      },
    },
  ]),
});
