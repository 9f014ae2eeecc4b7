/** The `/proc` mount type, shared by the baseline and restricted procMount controls. */
import { setFieldPatch } from '../../core/json-patch.js';
import type { ContainerRef, Workload } from '../../core/k8s/workload.js';
import { containerPath, containersPhrase, joinQuote, securityContextOf, sortedSet, type PssVerdict } from './pss.js';

export type ProcMountMessageId = 'unmaskedProcMount';

/** Any `procMount` other than `Default` (the masked /proc) is forbidden. */
export function defaultProcMountOnly(workload: Workload): PssVerdict<ProcMountMessageId> | undefined {
  const bad: { ref: ContainerRef; type: string }[] = [];
  for (const ref of workload.containers) {
    const procMount = securityContextOf(ref)?.procMount;
    if (procMount === undefined || procMount === null || procMount === 'Default') continue;
    bad.push({ ref, type: String(procMount) });
  }
  if (bad.length === 0) return undefined;
  return {
    detail: `${containersPhrase(bad.map((b) => b.ref.name))} must not set securityContext.procMount to ${joinQuote(sortedSet(bad.map((b) => b.type)))}`,
    findings: bad.map(({ ref }) => {
      const path = containerPath(ref, 'securityContext', 'procMount');
      // Nested container runtimes need an unmasked /proc: a person decides.
      return { messageId: 'unmaskedProcMount' as const, path, container: ref.name, fix: setFieldPatch(workload.object, path, 'Default'), fixSafety: 'unsafe' as const };
    }),
  };
}

export const procMountDocs = {
  rationale:
    "The default /proc mount masks and makes read-only the kernel interfaces under /proc (sysrq-trigger, kcore, sys, …) that let a process reconfigure or read the host kernel. An Unmasked /proc exposes them.",
  remediation: 'Remove `securityContext.procMount` or set it to `Default`.',
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  example: {
    bad: 'securityContext:\n  procMount: Unmasked\n',
    good: 'securityContext:\n  procMount: Default\n',
  },
};
