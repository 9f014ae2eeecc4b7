import { defineCheck } from '../../core/check.js';
import { annotationsOf, describeObject } from '../../core/k8s/object.js';
import { isCoreService, isInternalLoadBalancer, serviceType, specOf } from './services.js';

const RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

export default defineCheck({
  id: 'load-balancer-source-ranges',
  code: 'SKD-403',
  title: 'Load balancer open to any source address',
  description: 'LoadBalancer Services should restrict clients with `loadBalancerSourceRanges`.',
  severity: 'medium',
  category: 'exposure',
  frameworks: { nsa: ['Network separation and hardening: network policies'], mitre: ['T1133', 'T1190'] },
  docs: {
    rationale:
      'Without source ranges, a public load balancer accepts connections from the whole internet; for admin endpoints, internal APIs and databases that is rarely the intent. Cloud providers turn `loadBalancerSourceRanges` into firewall rules in front of the load balancer.',
    remediation: 'List the client CIDRs in `spec.loadBalancerSourceRanges` (or the provider annotation), or make the load balancer internal.',
    references: ['https://kubernetes.io/docs/tasks/access-application-cluster/create-external-load-balancer/#restricting-access-to-the-load-balancer'],
    example: { bad: 'spec:\n  type: LoadBalancer\n', good: 'spec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.0/24]\n' },
  },
  messages: {
    missing: '{{service}} is a public LoadBalancer without loadBalancerSourceRanges, so any address on the internet can connect; list the allowed client CIDRs.',
    anywhere: '{{service}} allows {{range}} in loadBalancerSourceRanges, which admits every address; list the allowed client CIDRs.',
  },
  scope: 'object',
  kinds: ['Service'],
  check(object) {
    if (!isCoreService(object) || serviceType(object) !== 'LoadBalancer' || isInternalLoadBalancer(object)) return [];
    const service = describeObject(object);
    const ranges = specOf(object).loadBalancerSourceRanges;
    const annotation = annotationsOf(object)[RANGES_ANNOTATION];
    if (Array.isArray(ranges) && ranges.length > 0) {
      const index = ranges.findIndex((r) => typeof r === 'string' && ANYWHERE.has(r.trim()));
      if (index < 0) return [];
      return [{ messageId: 'anywhere', data: { service, range: String(ranges[index]) }, path: ['spec', 'loadBalancerSourceRanges', index] }];
    }
    if (typeof annotation === 'string' && annotation.trim() !== '') {
      const open = annotation.split(',').map((r) => r.trim()).find((r) => ANYWHERE.has(r));
      if (open === undefined) return [];
      return [{ messageId: 'anywhere', data: { service, range: open }, path: ['metadata', 'annotations', RANGES_ANNOTATION] }];
    }
    return [{ messageId: 'missing', data: { service }, path: ['spec', 'loadBalancerSourceRanges'] }];
  },
});
