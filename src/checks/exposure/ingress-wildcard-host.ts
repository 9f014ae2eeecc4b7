import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject } from '../../core/k8s/object.js';
import { ingressRules } from './ingress-rules.js';
import { isIngress, specOf } from './services.js';

type MessageId = 'wildcard' | 'noHost' | 'defaultBackend';

export default defineCheck({
  id: 'ingress-wildcard-host',
  code: 'SKD-406',
  title: 'Ingress answers for any host name',
  description: 'Ingress rules should name the exact hosts they serve, without wildcards, host-less rules or a default backend.',
  severity: 'medium',
  category: 'exposure',
  frameworks: { nsa: ['Network separation and hardening: network policies'], mitre: ['T1190'] },
  docs: {
    rationale:
      'A wildcard host (`*.example.com`) routes every present and future subdomain to the backend, including names an attacker can point at it (dangling DNS, subdomain takeover); a rule without a host or a default backend answers for any Host header, exposing the service under names and IP addresses nobody reviewed.',
    remediation: 'List each host explicitly in `spec.rules[].host` and drop `defaultBackend` unless it serves only a static error page.',
    references: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards'],
  },
  messages: {
    wildcard: '{{ingress}} routes the wildcard host "{{host}}" to its backend; list the exact host names instead.',
    noHost: '{{ingress}} has a rule without a host (spec.rules[{{index}}]), which answers for any Host header and the bare IP; set the host.',
    defaultBackend: '{{ingress}} sets a default backend, which receives requests for any host; remove it or point it at an error page.',
  },
  scope: 'object',
  kinds: ['Ingress'],
  check(object) {
    if (!isIngress(object)) return [];
    const ingress = describeObject(object);
    const out: Violation<MessageId>[] = [];
    for (const rule of ingressRules(object)) {
      if (rule.host === undefined) out.push({ messageId: 'noHost', data: { ingress, index: rule.index }, path: rule.path, severity: 'low' });
      else if (rule.host.startsWith('*')) out.push({ messageId: 'wildcard', data: { ingress, host: rule.host }, path: [...rule.path, 'host'] });
    }
    const spec = specOf(object);
    for (const field of ['defaultBackend', 'backend'] as const) {
      if (spec[field] !== undefined) out.push({ messageId: 'defaultBackend', data: { ingress }, path: ['spec', field], severity: 'low' });
    }
    return out;
  },
});
