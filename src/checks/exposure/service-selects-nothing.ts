import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject, namespaceOf } from '../../core/k8s/object.js';
import { selectingServices, workloadSelectionOf } from './selection.js';

export default defineCheck({
  id: 'service-selects-nothing',
  code: 'SKD-407',
  title: 'Service selects no pod',
  description: 'A Service\'s selector should match the pod labels of a workload in its namespace.',
  severity: 'low',
  category: 'exposure',
  frameworks: {},
  docs: {
    rationale:
      'A Service whose selector matches no pod has no endpoints: clients get connection refused, usually because of a typo in a label. Worse, any pod later created with matching labels, by anyone allowed to create pods in the namespace, starts receiving its traffic. Only reported when the scan includes workloads of that namespace.',
    remediation: 'Fix the selector (or the pod template labels) so that it matches the intended workload, or remove the Service.',
  },
  messages: {
    nothing: '{{service}} selects {{selector}}, which matches no pod template among the {{count}} workloads of its namespace; fix the selector or the pod labels.',
  },
  scope: 'inventory',
  check(inventory) {
    const services = selectingServices(inventory);
    if (services.length === 0) return [];
    const selection = workloadSelectionOf(inventory);
    const out: Violation<'nothing'>[] = [];
    for (const { entry, selector } of services) {
      const service = entry.object;
      const namespace = namespaceOf(service);
      const count = selection.count(namespace);
      if (count === 0 || selection.select(namespace, selector).length > 0) continue;
      out.push({
        messageId: 'nothing',
        data: {
          service: describeObject(service),
          selector: Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(','),
          count,
        },
        path: ['spec', 'selector'],
        entry,
      });
    }
    return out;
  },
});

