import { defineCheck, type Violation } from '../../core/check.js';
import { describeRef, isRecord, namespaceOf, refOf } from '../../core/k8s/object.js';
import { isCoreService, serviceType, specOf } from './services.js';

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
    const workloads = inventory.workloads();
    const out: Violation<'nothing'>[] = [];
    for (const entry of inventory.ofKind('Service')) {
      const service = entry.object;
      const selector = specOf(service).selector;
      if (!isCoreService(service) || serviceType(service) === 'ExternalName' || !isRecord(selector) || Object.keys(selector).length === 0) continue;
      const namespace = namespaceOf(service);
      const candidates = workloads.filter((w) => namespaceOf(w.entry.object) === namespace);
      if (candidates.length === 0) continue;
      const matches = candidates.some(({ workload }) => {
        const labels = isRecord(workload.podMeta.labels) ? workload.podMeta.labels : {};
        return Object.entries(selector).every(([k, v]) => labels[k] === v);
      });
      if (matches) continue;
      out.push({
        messageId: 'nothing',
        data: {
          service: describeRef(refOf(service)),
          selector: Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(','),
          count: candidates.length,
        },
        path: ['spec', 'selector'],
        entry,
      });
    }
    return out;
  },
});
