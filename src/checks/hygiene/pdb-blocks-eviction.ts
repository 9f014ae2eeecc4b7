import { defineCheck } from '../../core/check.js';
import { describeObject, groupOf, isRecord } from '../../core/k8s/object.js';

export default defineCheck({
  id: 'pdb-blocks-eviction',
  code: 'SKD-616',
  title: 'PodDisruptionBudget allows no disruption',
  description: 'A PodDisruptionBudget should allow at least one pod to be evicted.',
  severity: 'low',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'With `maxUnavailable: 0` or `minAvailable: 100%` no pod can ever be evicted voluntarily: node drains hang, cluster upgrades and security patching of nodes stall until someone deletes the budget by hand.',
    remediation: 'Allow at least one disruption (`maxUnavailable: 1`, or a `minAvailable` below the replica count) and run enough replicas to honour it.',
    references: ['https://kubernetes.io/docs/tasks/run-application/configure-pdb/'],
  },
  messages: {
    blocks: '{{object}} sets {{field}}: {{value}}, so no pod it covers can ever be evicted and node drains hang; allow at least one disruption.',
  },
  scope: 'object',
  kinds: ['PodDisruptionBudget'],
  check(object) {
    if (groupOf(object.apiVersion) !== 'policy' || !isRecord(object.spec)) return [];
    const { maxUnavailable, minAvailable } = object.spec;
    const zero = maxUnavailable === 0 || maxUnavailable === '0%' || maxUnavailable === '0';
    const all = minAvailable === '100%';
    if (!zero && !all) return [];
    const field = zero ? 'maxUnavailable' : 'minAvailable';
    return [{ messageId: 'blocks', data: { object: describeObject(object), field, value: String(zero ? maxUnavailable : minAvailable) }, path: ['spec', field] }];
  },
});
