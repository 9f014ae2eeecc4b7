import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';

export default defineCheck({
  id: 'duplicate-container-name',
  code: 'SKD-614',
  title: 'Two containers share a name',
  description: 'Container names must be unique across a pod\'s containers, init containers and ephemeral containers.',
  severity: 'medium',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'The API server rejects a pod whose containers share a name, so the workload never starts; per-container settings, logs, exec, exceptions and findings all address containers by name.',
    remediation: 'Give every container (init containers included) a distinct name.',
  },
  messages: {
    duplicate: '{{object}}: container name "{{name}}" is used again at {{field}}; the API server rejects duplicate container names.',
  },
  scope: 'workload',
  check(workload) {
    const seen = new Set<string>();
    const out: Violation<'duplicate'>[] = [];
    for (const ref of workload.containers) {
      const name = ref.container.name;
      if (typeof name !== 'string') continue;
      if (seen.has(name)) out.push({ messageId: 'duplicate', data: { object: describeWorkload(workload), name, field: `${ref.kind}[${ref.index}]` }, path: [...ref.path, 'name'], discriminator: `${ref.kind}${ref.index}` });
      seen.add(name);
    }
    return out;
  },
});
