import { defineCheck } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';

export default defineCheck({
  id: 'host-aliases',
  code: 'SKD-218',
  title: 'Pod overrides name resolution with hostAliases',
  description: 'Pods should resolve names through cluster DNS rather than pinning them with `hostAliases`.',
  severity: 'low',
  category: 'workload',
  frameworks: { mitre: ['T1557'] },
  docs: {
    rationale:
      '`hostAliases` writes fixed entries into the pod\'s /etc/hosts: traffic for those names goes to the listed IPs whatever DNS says, which silently redirects it (a way to intercept a dependency) and breaks when the target moves. Reviewers rarely notice it in a diff.',
    remediation: 'Remove `hostAliases` and publish the name through DNS (a Service, an ExternalName Service or a DNS record).',
    references: ['https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/'],
  },
  messages: {
    aliases: '{{object}}: the pod pins {{hosts}} to fixed IPs with hostAliases; publish them through DNS instead.',
  },
  scope: 'workload',
  check(workload) {
    const aliases = workload.podSpec.hostAliases;
    if (!Array.isArray(aliases) || aliases.length === 0) return [];
    const hosts = aliases.flatMap((a: { ip?: unknown; hostnames?: unknown }) =>
      Array.isArray(a?.hostnames) ? a.hostnames.map((h) => `${String(h)} → ${String(a.ip)}`) : [],
    );
    return [{ messageId: 'aliases', data: { object: describeWorkload(workload), hosts: hosts.join(', ') || 'names' }, path: [...workload.podSpecPath, 'hostAliases'] }];
  },
});
