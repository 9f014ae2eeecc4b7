import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject, namespaceOf } from '../../core/k8s/object.js';
import { ingressBackends } from './ingress-rules.js';
import { isCoreService, isIngress } from './services.js';

export default defineCheck({
  id: 'ingress-backend-missing',
  code: 'SKD-408',
  title: 'Ingress routes to a Service that does not exist',
  description: 'Every Service an Ingress routes to should exist in the Ingress\'s namespace.',
  severity: 'low',
  category: 'exposure',
  frameworks: {},
  docs: {
    rationale:
      'A backend that names a missing Service returns errors to users, and whoever later creates a Service of that name in the namespace receives the Ingress\'s public traffic, TLS certificate included. Only reported when the scan includes Services of that namespace.',
    remediation: 'Point the backend at the right Service name, or create the Service.',
  },
  messages: {
    missing: '{{ingress}} routes to Service "{{service}}", which is not among the Services of its namespace in this scan; fix the backend name.',
  },
  scope: 'inventory',
  check(inventory) {
    const out: Violation<'missing'>[] = [];
    const servicesByNamespace = new Map<string | undefined, Set<unknown>>();
    for (const service of inventory.ofKind('Service')) {
      if (!isCoreService(service.object)) continue;
      const namespace = namespaceOf(service.object);
      let names = servicesByNamespace.get(namespace);
      if (!names) servicesByNamespace.set(namespace, (names = new Set()));
      names.add(service.object.metadata?.name);
    }
    for (const entry of inventory.ofKind('Ingress')) {
      if (!isIngress(entry.object)) continue;
      const names = servicesByNamespace.get(namespaceOf(entry.object));
      if (!names) continue;
      for (const backend of ingressBackends(entry.object)) {
        if (names.has(backend.service)) continue;
        out.push({ messageId: 'missing', data: { ingress: describeObject(entry.object), service: backend.service }, path: backend.path, entry });
      }
    }
    return out;
  },
});
