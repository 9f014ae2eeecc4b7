import { defineCheck } from '../../core/check.js';
import { defaultProcMountOnly, procMountDocs, type ProcMountMessageId } from './proc-mount-type.js';
import { NSA_POD_SECURITY_ENFORCEMENT, pssControl } from './pss.js';

export default defineCheck({
  id: 'proc-mount-restricted',
  code: 'SKD-119',
  title: 'Unmasked /proc mount in a user namespace',
  description: 'At the restricted level containers must keep the default masked /proc mount even when the pod runs in its own user namespace.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'restricted', control: '/proc Mount Type' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
  },
  docs: {
    ...procMountDocs,
    rationale: `${procMountDocs.rationale} Since policy v1.35 the baseline level allows it for pods with \`hostUsers: false\`; the restricted level still does not.`,
  },
  messages: {
    unmaskedProcMount: 'procMount ({{detail}})',
  },
  scope: 'workload',
  check: pssControl<ProcMountMessageId>([{ since: 'v1.35', evaluate: defaultProcMountOnly }]),
});
