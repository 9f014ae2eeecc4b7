import { defineCheck } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { isCoreService, specOf } from './services.js';

export default defineCheck({
  id: 'service-external-ips',
  code: 'SKD-404',
  title: 'Service claims external IPs (CVE-2020-8554)',
  description: 'Services should not set `spec.externalIPs`: anyone who can create a Service can use it to intercept traffic to those addresses.',
  severity: 'high',
  category: 'exposure',
  frameworks: { nsa: ['Network separation and hardening: network policies'], mitre: ['T1557'] },
  docs: {
    rationale:
      'kube-proxy routes traffic for any address listed in `externalIPs` to the Service, cluster-wide, without validating that the address belongs to the Service owner (CVE-2020-8554, unfixed by design). A tenant can claim the IP of an external database or API and capture every pod\'s traffic to it. Clusters should block the field with the DenyServiceExternalIPs admission plugin; manifests should not rely on it.',
    remediation: 'Remove `spec.externalIPs`; use a LoadBalancer or an Ingress instead, and enable the DenyServiceExternalIPs admission plugin.',
    references: ['https://github.com/kubernetes/kubernetes/issues/97076', 'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips'],
    example: { bad: 'spec:\n  externalIPs: [203.0.113.10]\n' },
  },
  messages: {
    externalIPs: '{{service}} sets externalIPs ({{ips}}): kube-proxy will route every pod\'s traffic for those addresses to it (CVE-2020-8554); remove externalIPs and use a LoadBalancer or Ingress.',
  },
  scope: 'object',
  kinds: ['Service'],
  check(object) {
    const ips = specOf(object).externalIPs;
    if (!isCoreService(object) || !Array.isArray(ips) || ips.length === 0) return [];
    return [
      {
        messageId: 'externalIPs',
        data: { service: describeObject(object), ips: ips.map(String).join(', ') },
        path: ['spec', 'externalIPs'],
        // Clients that reach the Service through these addresses would lose it.
        fix: [{ op: 'remove', path: '/spec/externalIPs' }],
        fixSafety: 'unsafe',
      },
    ];
  },
});
