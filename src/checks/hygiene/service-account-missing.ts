import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject, namespaceOf } from '../../core/k8s/object.js';
import { serviceAccountOf } from '../../core/k8s/workload.js';

export default defineCheck({
  id: 'service-account-missing',
  code: 'SKD-612',
  title: 'Workload names a ServiceAccount that does not exist',
  description: 'A workload\'s `serviceAccountName` must name a ServiceAccount of its namespace.',
  severity: 'medium',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'The ServiceAccount admission controller rejects pods whose service account does not exist, so a controller creates no pods and reports it only in events. Someone who can create ServiceAccounts in the namespace can later create one under that name and decide what the workload is allowed to do. Reported only when the scan includes ServiceAccounts of that namespace; `default` always exists.',
    remediation: 'Create the ServiceAccount alongside the workload, or correct `serviceAccountName`.',
  },
  messages: {
    missing: '{{object}} runs as service account "{{serviceAccount}}", which is not among the ServiceAccounts of its namespace in this scan ({{known}}); pods would be rejected. Create it or fix the name.',
  },
  scope: 'inventory',
  check(inventory) {
    const byNamespace = new Map<string | undefined, Set<string>>();
    for (const entry of inventory.ofKind('ServiceAccount')) {
      if (entry.object.apiVersion !== 'v1') continue;
      const namespace = namespaceOf(entry.object);
      let names = byNamespace.get(namespace);
      if (!names) byNamespace.set(namespace, (names = new Set()));
      names.add(String(entry.object.metadata?.name));
    }
    const out: Violation<'missing'>[] = [];
    for (const { entry, workload } of inventory.workloads()) {
      const serviceAccount = serviceAccountOf(workload.podSpec);
      const known = byNamespace.get(namespaceOf(entry.object));
      if (serviceAccount === 'default' || !known || known.has(serviceAccount)) continue;
      const field = workload.podSpec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount';
      out.push({
        messageId: 'missing',
        data: { object: describeObject(entry.object), serviceAccount, known: [...known].map((n) => `"${n}"`).join(', ') },
        path: [...workload.podSpecPath, field],
        entry,
      });
    }
    return out;
  },
});
