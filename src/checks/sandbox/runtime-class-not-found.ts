import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { runtimeClassObjects } from './sandbox-policy.js';

export default defineCheck({
  id: 'runtime-class-not-found',
  code: 'SKD-502',
  title: 'Workload names a RuntimeClass that does not exist',
  description: 'A workload\'s `runtimeClassName` must name a RuntimeClass defined in the cluster.',
  severity: 'medium',
  category: 'sandbox',
  frameworks: {},
  docs: {
    rationale:
      'The RuntimeClass admission controller rejects pods that name an unknown RuntimeClass: the workload never starts, and for controllers the error shows only in events. A misspelt sandbox class is also how a workload meant for gVisor ends up not running at all, or, once someone "fixes" it by deleting the field, running unsandboxed. Reported only when the scan includes RuntimeClass objects.',
    remediation: 'Correct `runtimeClassName` to one of the RuntimeClasses the cluster defines, or add the missing RuntimeClass.',
    references: ['https://kubernetes.io/docs/concepts/containers/runtime-class/'],
  },
  messages: {
    notFound: '{{object}} sets runtimeClassName "{{runtimeClass}}", but the RuntimeClasses in this scan are {{known}}; pods would be rejected. Use one of them or add the RuntimeClass.',
  },
  scope: 'inventory',
  check(inventory) {
    const classes = runtimeClassObjects(inventory);
    if (classes.length === 0) return [];
    const known = new Set(classes.map((e) => e.object.metadata?.name));
    const out: Violation<'notFound'>[] = [];
    for (const { entry, workload } of inventory.workloads()) {
      const name = workload.podSpec.runtimeClassName;
      if (typeof name !== 'string' || name === '' || known.has(name)) continue;
      out.push({
        messageId: 'notFound',
        data: { object: describeWorkload(workload), runtimeClass: name, known: [...known].map((n) => `"${String(n)}"`).join(', ') },
        path: [...workload.podSpecPath, 'runtimeClassName'],
        entry,
      });
    }
    return out;
  },
});
