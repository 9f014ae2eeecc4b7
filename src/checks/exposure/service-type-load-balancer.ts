import { defineCheck } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { isCoreService, isInternalLoadBalancer, serviceType } from './services.js';

export default defineCheck({
  id: 'service-type-load-balancer',
  code: 'SKD-401',
  title: 'Service exposed through a public load balancer',
  description: 'Services of `type: LoadBalancer` publish their ports outside the cluster and should be deliberate.',
  severity: 'low',
  category: 'exposure',
  frameworks: { nsa: ['Network separation and hardening: network policies'], mitre: ['T1133', 'T1190'] },
  docs: {
    rationale:
      'A LoadBalancer Service gets an address reachable from outside the cluster (usually the internet) and, unless disabled, a NodePort on every node as well. Each one is attack surface that bypasses any Ingress-level TLS, authentication and WAF. Internal load balancers (cloud annotations) are not reported.',
    remediation:
      'Prefer a ClusterIP Service behind an Ingress or Gateway; if a load balancer is needed, make it internal where possible and restrict `loadBalancerSourceRanges`.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer'],
  },
  messages: {
    public: '{{service}} is of type LoadBalancer and is published outside the cluster; put it behind an Ingress/Gateway or make the load balancer internal.',
  },
  scope: 'object',
  kinds: ['Service'],
  check(object) {
    if (!isCoreService(object) || serviceType(object) !== 'LoadBalancer' || isInternalLoadBalancer(object)) return [];
    return [{ messageId: 'public', data: { service: describeObject(object) }, path: ['spec', 'type'] }];
  },
});
