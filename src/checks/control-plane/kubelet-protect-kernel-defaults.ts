import { defineCheck } from '../../core/check.js';
import { fieldOf } from './component-flags.js';

export default defineCheck({
  id: 'kubelet-protect-kernel-defaults',
  code: 'SKD-920',
  title: 'Kubelet may change kernel settings',
  description: 'A KubeletConfiguration should set protectKernelDefaults true.',
  severity: 'low',
  category: 'control-plane',
  // CIS v1.8 and earlier listed this as 4.2.6; v1.9 dropped it, and 4.2.6 now names another control.
  frameworks: { nsa: ['Kubernetes Pod security'], mitre: ['T1611'] },
  docs: {
    rationale:
      'Without it the kubelet silently rewrites kernel tunables (vm.overcommit_memory, kernel.panic, …) that the node\'s hardening set; with it the kubelet refuses to start on a kernel whose values differ, so drift is seen instead of hidden.',
    remediation: 'Set the kernel parameters the kubelet expects (sysctl) and `protectKernelDefaults: true` in the KubeletConfiguration.',
    references: ['https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/'],
    example: { bad: 'kind: KubeletConfiguration\n', good: 'kind: KubeletConfiguration\nprotectKernelDefaults: true\n' },
  },
  messages: {
    unprotected: 'Kubelet configuration "{{name}}" does not set protectKernelDefaults=true.',
  },
  scope: 'object',
  kinds: ['KubeletConfiguration'],
  check(config) {
    if (fieldOf(config, ['protectKernelDefaults']) === true) return [];
    return [{ messageId: 'unprotected' as const, data: { name: config.metadata?.name ?? '(file)' }, path: ['protectKernelDefaults'] }];
  },
});
