import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject, isRecord } from '../../core/k8s/object.js';
import { ingressRules, tlsCovers } from './ingress-rules.js';
import { isIngress, specOf } from './services.js';

export default defineCheck({
  id: 'ingress-without-tls',
  code: 'SKD-405',
  title: 'Ingress serves plain HTTP',
  description: 'Every host an Ingress serves should be covered by a TLS entry.',
  severity: 'medium',
  category: 'exposure',
  frameworks: { nsa: ['Network separation and hardening: encryption'], mitre: ['T1557', 'T1040'] },
  docs: {
    rationale:
      'Without TLS, credentials, session cookies and data cross the network in clear text and can be read or altered by anyone on the path. An Ingress with a `tls` section that omits one of its hosts still serves that host over HTTP only.',
    remediation: 'Add a `spec.tls` entry listing every host, with a certificate Secret (cert-manager can issue and renew it).',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'],
    example: { bad: 'spec:\n  rules:\n  - host: shop.example.com\n', good: 'spec:\n  tls:\n  - {hosts: [shop.example.com], secretName: shop-tls}\n  rules:\n  - host: shop.example.com\n' },
  },
  messages: {
    noTls: '{{ingress}} has no spec.tls, so it serves {{hosts}} over plain HTTP; add a TLS entry with a certificate Secret.',
    hostNotCovered: '{{ingress}} serves host "{{host}}", which no spec.tls entry lists, over plain HTTP; add it to a TLS entry.',
  },
  scope: 'object',
  kinds: ['Ingress'],
  check(object) {
    if (!isIngress(object)) return [];
    const ingress = describeObject(object);
    const rules = ingressRules(object);
    const tls = specOf(object).tls;
    const entries = Array.isArray(tls) ? tls.filter(isRecord) : [];
    if (entries.length === 0) {
      const hosts = [...new Set(rules.map((r) => r.host ?? '*'))];
      return [{ messageId: 'noTls', data: { ingress, hosts: hosts.length > 0 ? hosts.join(', ') : 'its default backend' }, path: ['spec', 'tls'] }];
    }
    // A TLS entry without hosts applies to the controller's default (wildcard) certificate.
    if (entries.some((e) => !Array.isArray(e.hosts) || e.hosts.length === 0)) return [];
    const tlsHosts = entries.flatMap((e) => (e.hosts as unknown[]).filter((h): h is string => typeof h === 'string'));
    const out: Violation<'noTls' | 'hostNotCovered'>[] = [];
    for (const rule of rules) {
      if (rule.host === undefined || tlsHosts.some((h) => tlsCovers(h, rule.host!))) continue;
      out.push({ messageId: 'hostNotCovered', data: { ingress, host: rule.host }, path: [...rule.path, 'host'], discriminator: rule.host });
    }
    return out;
  },
});
