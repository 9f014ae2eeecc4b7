import { defineCheck } from '../../core/check.js';
import { defaultProcMountOnly, procMountDocs, type ProcMountMessageId } from './proc-mount-type.js';
import { inUserNamespace, NSA_POD_SECURITY_ENFORCEMENT, pssControl } from './pss.js';

export default defineCheck({
  id: 'proc-mount',
  code: 'SKD-110',
  title: 'Unmasked /proc mount',
  description: 'Containers must keep the default masked /proc mount, unless (policy v1.35+) the pod runs in its own user namespace.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: '/proc Mount Type' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
    mitre: ['T1611'],
  },
  docs: procMountDocs,
  messages: {
    unmaskedProcMount: 'procMount ({{detail}})',
  },
  scope: 'workload',
  check: pssControl<ProcMountMessageId>([
    { since: 'v1.0', evaluate: defaultProcMountOnly },
    // In a user namespace (hostUsers: false) the unmasked /proc belongs to the pod, not the host.
    { since: 'v1.35', evaluate: (workload) => (inUserNamespace(workload.podSpec) ? undefined : defaultProcMountOnly(workload)) },
  ]),
});
