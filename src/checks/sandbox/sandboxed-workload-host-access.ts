import { defineCheck, type Violation } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { isSandboxClass, sandboxPolicy } from './sandbox-policy.js';
import { listOf } from '../workload/fields.js';

export default defineCheck({
  id: 'sandboxed-workload-host-access',
  code: 'SKD-503',
  title: 'Sandboxed workload reaches around its sandbox',
  description: 'A workload running under a sandbox RuntimeClass should not use host namespaces, host paths or privileged mode, which bypass the sandbox.',
  severity: 'medium',
  category: 'sandbox',
  frameworks: { nsa: ['Pod security: hardening container environments'], mitre: ['T1611'] },
  docs: {
    rationale:
      'gVisor and Kata isolate the workload\'s kernel, but host networking, host PID/IPC namespaces, hostPath mounts and privileged mode are passed through (or refused at runtime): the workload then has a direct line to the node that the sandbox was chosen to remove, while the manifest looks sandboxed to reviewers.',
    remediation: 'Remove the host access, or run the workload under an ordinary runtime with the exception recorded and reviewed.',
    references: ['https://gvisor.dev/docs/architecture_guide/security/'],
  },
  messages: {
    hostAccess: '{{object}} runs under the sandbox RuntimeClass "{{runtimeClass}}" but sets {{what}}, which reaches around the sandbox; remove it.',
  },
  scope: 'workload',
  check(workload, ctx) {
    const runtimeClass = workload.podSpec.runtimeClassName;
    if (typeof runtimeClass !== 'string' || !isSandboxClass(runtimeClass, sandboxPolicy(ctx.options.settings), ctx.inventory)) return [];
    const out: Violation<'hostAccess'>[] = [];
    const report = (what: string, path: (string | number)[]) => out.push({ messageId: 'hostAccess', data: { object: describeWorkload(workload), runtimeClass, what }, path, discriminator: what });
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (workload.podSpec[field] === true) report(`${field}: true`, [...workload.podSpecPath, field]);
    }
    listOf(workload.podSpec.volumes).forEach((volume, i) => {
      if (isRecord(volume) && isRecord(volume.hostPath)) report(`a hostPath volume (${String(volume.hostPath.path)})`, [...workload.podSpecPath, 'volumes', i, 'hostPath']);
    });
    for (const ref of workload.containers) {
      if (ref.container.securityContext?.privileged === true) report(`privileged: true on container "${ref.name}"`, [...ref.path, 'securityContext', 'privileged']);
    }
    return out;
  },
});
