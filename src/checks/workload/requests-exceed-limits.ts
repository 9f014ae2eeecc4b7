import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { parseQuantity } from './quantity.js';

export default defineCheck({
  id: 'requests-exceed-limits',
  code: 'SKD-220',
  title: 'Resource request above its limit, or unparsable',
  description: 'A container\'s resource requests must be valid quantities no larger than its limits.',
  severity: 'medium',
  category: 'workload',
  frameworks: { nsa: ['Network separation and hardening: resource policies'] },
  docs: {
    rationale:
      'The API server rejects a pod whose request exceeds its limit, or whose quantity does not parse (`1GB`, `500 m`): the workload never starts, and for controllers the error shows only in events, not at apply time.',
    remediation: 'Write quantities as Kubernetes does (`250m`, `1.5`, `512Mi`, `1G`) and keep every request at or below its limit.',
    references: ['https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/'],
  },
  messages: {
    exceeds: '{{object}}: container "{{container}}" requests {{resource}} {{request}} but limits it to {{limit}}; the API server rejects this, lower the request or raise the limit.',
    invalid: '{{object}}: container "{{container}}" sets resources.{{bound}}.{{resource}} to "{{value}}", which is not a Kubernetes quantity (e.g. 250m, 1.5, 512Mi).',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<'exceeds' | 'invalid'>[] = [];
    for (const ref of workload.containers) {
      const resources = ref.container.resources;
      if (!resources || typeof resources !== 'object') continue;
      const parsed: Record<'requests' | 'limits', Map<string, number>> = { requests: new Map(), limits: new Map() };
      for (const bound of ['requests', 'limits'] as const) {
        const values = resources[bound];
        if (!values || typeof values !== 'object') continue;
        for (const [resource, value] of Object.entries(values)) {
          const quantity = parseQuantity(value);
          if (quantity === undefined) {
            out.push({ messageId: 'invalid', data: { object: describeWorkload(workload), container: ref.name, bound, resource, value: String(value) }, path: [...ref.path, 'resources', bound, resource], container: ref.name });
          } else parsed[bound].set(resource, quantity);
        }
      }
      for (const [resource, request] of parsed.requests) {
        const limit = parsed.limits.get(resource);
        if (limit === undefined || request <= limit) continue;
        out.push({
          messageId: 'exceeds',
          data: { object: describeWorkload(workload), container: ref.name, resource, request: String(resources.requests![resource]), limit: String(resources.limits![resource]) },
          path: [...ref.path, 'resources', 'requests', resource],
          container: ref.name,
        });
      }
    }
    return out;
  },
});
