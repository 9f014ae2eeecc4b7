import { defineCheck } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { setFieldPatch } from '../../core/json-patch.js';
import { isSandboxClass, sandboxPolicy, suggestedSandboxClass, untrustedReason } from './sandbox-policy.js';

export default defineCheck({
  id: 'untrusted-workload-not-sandboxed',
  code: 'SKD-501',
  title: 'Untrusted workload runs without a sandbox runtime',
  description: 'Workloads the configuration declares untrusted must run under a sandboxing RuntimeClass (gVisor, Kata Containers, Firecracker).',
  severity: 'high',
  category: 'sandbox',
  frameworks: { nsa: ['Pod security: hardening container environments'], mitre: ['T1611', 'T1068'] },
  docs: {
    rationale:
      'Ordinary containers share the host kernel: one kernel bug (Dirty Pipe, CVE-2022-0185 and their successors) turns code execution in a container into control of the node. Sandboxed runtimes put a second kernel (gVisor) or a virtual machine (Kata, Firecracker) between the workload and the host. Code you did not write or review (CI jobs, tenant workloads, third-party images) belongs there. Untrusted workloads are declared in `.stockade.yaml` under `sandbox.untrusted` by namespace name, workload label, namespace label or image registry; the check is silent until they are.',
    remediation:
      'Set `runtimeClassName` to a sandbox RuntimeClass installed in the cluster (configure the accepted names in `sandbox.runtimeClasses`; by default names matching gvisor, runsc, kata*, firecracker).',
    references: ['https://kubernetes.io/docs/concepts/containers/runtime-class/', 'https://gvisor.dev/docs/user_guide/quick_start/kubernetes/'],
    example: {
      bad: '# sandbox: {untrusted: {namespaces: [ci]}}\nmetadata: {namespace: ci}\nspec:\n  containers: [...]\n',
      good: 'metadata: {namespace: ci}\nspec:\n  runtimeClassName: gvisor\n  containers: [...]\n',
    },
  },
  messages: {
    noRuntimeClass: '{{object}} is untrusted because {{reason}}, but sets no runtimeClassName, so it shares the host kernel; set runtimeClassName to a sandbox class ({{classes}}).',
    notSandbox: '{{object}} is untrusted because {{reason}}, but its runtimeClassName "{{runtimeClass}}" is not a sandbox class ({{classes}}); use a sandbox RuntimeClass.',
  },
  scope: 'workload',
  check(workload, ctx) {
    const policy = sandboxPolicy(ctx.options.settings);
    const reason = untrustedReason(workload, policy, ctx.inventory);
    if (reason === undefined) return [];
    const runtimeClass = workload.podSpec.runtimeClassName;
    if (typeof runtimeClass === 'string' && runtimeClass !== '' && isSandboxClass(runtimeClass, policy, ctx.inventory)) return [];
    const path = [...workload.podSpecPath, 'runtimeClassName'];
    const suggestion = suggestedSandboxClass(policy, ctx.inventory);
    const data = {
      object: describeWorkload(workload),
      reason,
      runtimeClass: String(runtimeClass ?? ''),
      classes: policy.runtimeClasses?.join(', ') ?? 'names matching gvisor, runsc, kata*, firecracker',
    };
    return [
      {
        messageId: typeof runtimeClass === 'string' && runtimeClass !== '' ? 'notSandbox' : 'noRuntimeClass',
        data,
        path,
        // Sandboxes lack some syscalls and host features: the workload must be tested under it.
        ...(suggestion !== undefined ? { fix: setFieldPatch(workload.object, path, suggestion), fixSafety: 'unsafe' as const } : {}),
      },
    ];
  },
});
