import { defineCheck, type Violation } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { listOf } from './fields.js';

export default defineCheck({
  id: 'memory-empty-dir-unbounded',
  code: 'SKD-225',
  title: 'Memory-backed emptyDir without a size limit',
  description: 'emptyDir volumes with `medium: Memory` should set `sizeLimit`.',
  severity: 'low',
  category: 'workload',
  frameworks: { nsa: ['Network separation and hardening: resource policies'], mitre: ['T1499'] },
  docs: {
    rationale:
      'A tmpfs emptyDir lives in node memory. Without `sizeLimit` it can grow until the pod\'s memory limit (or, without one, the node\'s memory) is exhausted, and the usage is easy to miss because it does not show as process memory.',
    remediation: 'Set `emptyDir.sizeLimit` to what the application needs, and keep a memory limit on the containers.',
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#emptydir'],
  },
  messages: {
    unbounded: '{{object}}: volume "{{volume}}" is a memory-backed emptyDir without sizeLimit, so it can consume node memory without bound; set emptyDir.sizeLimit.',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<'unbounded'>[] = [];
    listOf(workload.podSpec.volumes).forEach((volume, i) => {
      const emptyDir = isRecord(volume) ? volume.emptyDir : undefined;
      if (!isRecord(emptyDir) || emptyDir.medium !== 'Memory' || emptyDir.sizeLimit !== undefined) return;
      out.push({ messageId: 'unbounded', data: { object: describeWorkload(workload), volume: String(volume.name ?? i) }, path: [...workload.podSpecPath, 'volumes', i, 'emptyDir'] });
    });
    return out;
  },
});
