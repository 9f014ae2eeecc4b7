import { defineCheck } from '../../core/check.js';
import { fieldOf } from './component-flags.js';

export default defineCheck({
  id: 'kubelet-anonymous-auth',
  code: 'SKD-916',
  title: 'Kubelet accepts anonymous requests',
  description: 'A KubeletConfiguration should keep authentication.anonymous.enabled false.',
  severity: 'critical',
  category: 'control-plane',
  frameworks: { cis: ['4.2.1'], nsa: ['Authentication and authorization'], mitre: ['T1609', 'T1133'] },
  docs: {
    rationale:
      'The kubelet API on port 10250 runs commands in containers, reads their logs and lists their pods. With anonymous requests allowed, and especially with AlwaysAllow authorization, anyone who reaches a node can execute code in every pod on it.',
    remediation: 'Set `authentication.anonymous.enabled: false` (the file default) and `authentication.webhook.enabled: true` in the KubeletConfiguration.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/'],
    example: {
      bad: 'kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\n',
      good: 'kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n',
    },
  },
  messages: {
    anonymous: 'Kubelet configuration "{{name}}" accepts anonymous requests (authentication.anonymous.enabled=true).',
  },
  scope: 'object',
  kinds: ['KubeletConfiguration'],
  check(config) {
    // The v1beta1 file default is false; the live configz always states the field.
    if (fieldOf(config, ['authentication', 'anonymous', 'enabled']) !== true) return [];
    return [{ messageId: 'anonymous' as const, data: { name: config.metadata?.name ?? '(file)' }, path: ['authentication', 'anonymous', 'enabled'], fix: [{ op: 'replace' as const, path: '/authentication/anonymous/enabled', value: false }] }];
  },
});
