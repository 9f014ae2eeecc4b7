import { defineCheck } from '../../core/check.js';
import { fieldOf } from './component-flags.js';

export default defineCheck({
  id: 'kubelet-read-only-port',
  code: 'SKD-918',
  title: 'Kubelet read-only port open',
  description: 'A KubeletConfiguration should set readOnlyPort 0.',
  severity: 'high',
  category: 'control-plane',
  frameworks: { cis: ['4.2.4'], mitre: ['T1613', 'T1552'] },
  docs: {
    rationale:
      'The read-only port (10255) serves pod specs, environment variables included, and node metrics over plain HTTP with no authentication at all, to anyone who can reach the node, pods included.',
    remediation: 'Set `readOnlyPort: 0` (the file default) and collect metrics from the authenticated port 10250.',
    references: ['https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/'],
    example: { bad: 'kind: KubeletConfiguration\nreadOnlyPort: 10255\n', good: 'kind: KubeletConfiguration\nreadOnlyPort: 0\n' },
  },
  messages: {
    open: 'Kubelet configuration "{{name}}" serves the unauthenticated read-only API on port {{port}}.',
  },
  scope: 'object',
  kinds: ['KubeletConfiguration'],
  check(config) {
    const port = fieldOf(config, ['readOnlyPort']);
    if (port === undefined || port === 0 || port === '0') return [];
    return [{ messageId: 'open' as const, data: { name: config.metadata?.name ?? '(file)', port: String(port) }, path: ['readOnlyPort'], fix: [{ op: 'replace' as const, path: '/readOnlyPort', value: 0 }] }];
  },
});
