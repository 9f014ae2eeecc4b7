import { defineCheck } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { isCoreService, serviceType, specOf } from './services.js';

/** Targets that point back into the node, the cluster or the cloud's control plane. */
const INTERNAL = [
  { pattern: /^(?:localhost|localhost\.localdomain)\.?$/i, what: 'the node itself' },
  { pattern: /^(?:\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]+:[0-9a-f:]*$/i, what: 'an IP address (ExternalName expects a DNS name)' },
  { pattern: /(?:^|\.)svc(?:\.cluster\.local)?\.?$|\.cluster\.local\.?$/i, what: 'an in-cluster Service in another namespace' },
  { pattern: /^(?:metadata|metadata\.google\.internal|instance-data|instance-data\.ec2\.internal)\.?$/i, what: 'the cloud metadata service' },
  { pattern: /^kubernetes(?:\.default)?(?:\.svc)?/i, what: 'the Kubernetes API server' },
];

export default defineCheck({
  id: 'external-name-internal-target',
  code: 'SKD-409',
  title: 'ExternalName Service points inside the cluster or node',
  description: 'ExternalName Services should name external DNS hosts, not cluster-internal names, IPs or metadata endpoints.',
  severity: 'medium',
  category: 'exposure',
  frameworks: { mitre: ['T1090', 'T1552.005'] },
  docs: {
    rationale:
      'An ExternalName Service is a CNAME that proxies and ingress controllers follow. Pointed at another namespace\'s Service, the API server, localhost or the cloud metadata endpoint, it lets whoever controls the Service route traffic across namespace boundaries or reach credentials (ingress controllers have been tricked into proxying to such targets, CVE-2021-25740).',
    remediation: 'Point ExternalName only at external DNS names; reach in-cluster services through their own Service name and NetworkPolicies.',
    references: ['https://github.com/kubernetes/kubernetes/issues/103675'],
  },
  messages: {
    internal: '{{service}} is an ExternalName for "{{target}}", which is {{what}}; point ExternalName Services only at external DNS names.',
  },
  scope: 'object',
  kinds: ['Service'],
  check(object) {
    if (!isCoreService(object) || serviceType(object) !== 'ExternalName') return [];
    const target = specOf(object).externalName;
    if (typeof target !== 'string') return [];
    const hit = INTERNAL.find((i) => i.pattern.test(target.trim()));
    if (!hit) return [];
    return [{ messageId: 'internal', data: { service: describeObject(object), target, what: hit.what }, path: ['spec', 'externalName'] }];
  },
});
