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
    // Indexed once by namespace and by each label pair: scans hold thousands of Services and
    // workloads, and a selector's first pair narrows the candidates to a handful.
    const countByNamespace = new Map<string | undefined, number>();
    const byLabel = new Map<string, Record<string, unknown>[]>();
    for (const { entry, workload } of inventory.workloads()) {
      const namespace = namespaceOf(entry.object);
      countByNamespace.set(namespace, (countByNamespace.get(namespace) ?? 0) + 1);
      const labels = isRecord(workload.podMeta.labels) ? workload.podMeta.labels : {};
      for (const [k, v] of Object.entries(labels)) {
        const key = labelKey(namespace, k, v);
        let list = byLabel.get(key);
        if (!list) byLabel.set(key, (list = []));
        list.push(labels);
      }
    }
    const out: Violation<'nothing'>[] = [];
    for (const entry of inventory.ofKind('Service')) {
      const service = entry.object;
      const selector = specOf(service).selector;
      if (!isCoreService(service) || serviceType(service) === 'ExternalName' || !isRecord(selector) || Object.keys(selector).length === 0) continue;
      const namespace = namespaceOf(service);
      const count = countByNamespace.get(namespace) ?? 0;
      if (count === 0) continue;
      const required = Object.entries(selector);
      const candidates = byLabel.get(labelKey(namespace, required[0]![0], required[0]![1])) ?? [];
      const matches = candidates.some((labels) => required.every(([k, v]) => labels[k] === v));
      if (matches) continue;
      out.push({
        messageId: 'nothing',
        data: {
          service: describeRef(refOf(service)),
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

function labelKey(namespace: string | undefined, key: string, value: unknown): string {
  return `${namespace ?? ''}\u0000${key}\u0000${String(value)}`;
}
