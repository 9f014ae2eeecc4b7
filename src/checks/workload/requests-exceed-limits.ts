import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { parseQuantity } from './quantity.js';

/** A container's `requests` or `limits` when it is an object (each quantity text is parsed once, so reading one twice is cheap). */
function quantitiesOf(values: unknown): Record<string, unknown> | undefined {
  return values !== null && typeof values === 'object' ? (values as Record<string, unknown>) : undefined;
}

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
      const requests = quantitiesOf(resources.requests);
      const limits = quantitiesOf(resources.limits);
      for (const [bound, values] of [['requests', requests], ['limits', limits]] as const) {
        if (values === undefined) continue;
        for (const resource in values) {
          const value = values[resource];
          if (parseQuantity(value) !== undefined) continue;
          out.push({ messageId: 'invalid', data: { object: describeWorkload(workload), container: ref.name, bound, resource, value: String(value) }, path: [...ref.path, 'resources', bound, resource], container: ref.name });
        }
      }
      if (requests === undefined || limits === undefined) continue;
      for (const resource in requests) {
        const request = parseQuantity(requests[resource]);
        const limit = Object.hasOwn(limits, resource) ? parseQuantity(limits[resource]) : undefined;
        if (request === undefined || limit === undefined || request <= limit) continue;
        out.push({
          messageId: 'exceeds',
          data: { object: describeWorkload(workload), container: ref.name, resource, request: String(requests[resource]), limit: String(limits[resource]) },
          path: [...ref.path, 'resources', 'requests', resource],
          container: ref.name,
        });
      }
    }
    return out;
  },
});
