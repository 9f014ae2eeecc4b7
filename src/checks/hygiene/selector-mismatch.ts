import { defineCheck, type Violation } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import { compileSelector, labelMap } from '../../core/k8s/selector.js';
import { describeWorkload } from '../../core/k8s/workload.js';

/** Controllers whose spec.selector must select their own pod template (the API server enforces it). */
const SELECTING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

interface Requirement {
  key?: unknown;
  operator?: unknown;
  values?: unknown;
}

export default defineCheck({
  id: 'selector-mismatch',
  code: 'SKD-610',
  title: 'Controller selector does not match its pod template',
  description: 'A Deployment, StatefulSet, DaemonSet or ReplicaSet must have a selector that matches its own pod template labels.',
  severity: 'medium',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'The API server rejects a controller whose `spec.selector` does not select its template ("selector does not match template labels"), so the manifest fails at apply time; an empty or missing selector on apps/v1 is rejected too. Catching it before apply keeps a broken rollout out of CI/CD.',
    remediation: 'Make `spec.selector.matchLabels` a subset of `spec.template.metadata.labels` (or adjust the template labels).',
  },
  messages: {
    missing: '{{object}} has no spec.selector; apps/v1 requires one that matches spec.template.metadata.labels.',
    mismatch: '{{object}}: spec.selector ({{selector}}) does not match the pod template labels ({{labels}}); the API server rejects this.',
  },
  scope: 'workload',
  check(workload) {
    const { object } = workload;
    if (!SELECTING_KINDS.has(object.kind)) return [];
    const spec = isRecord(object.spec) ? object.spec : {};
    const selector = spec.selector;
    const out: Violation<'missing' | 'mismatch'>[] = [];
    const matchLabels = isRecord(selector) && isRecord(selector.matchLabels) ? selector.matchLabels : {};
    const expressions = isRecord(selector) && Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as Requirement[]) : [];
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
      // Older API versions defaulted the selector from the template labels.
      if (object.apiVersion === 'apps/v1') out.push({ messageId: 'missing', data: { object: describeWorkload(workload) }, path: ['spec', 'selector'] });
      return out;
    }
    const labels = isRecord(workload.podMeta.labels) ? workload.podMeta.labels : {};
    const holds = compileSelector(selector).matches(labelMap(labels));
    if (!holds) {
      out.push({
        messageId: 'mismatch',
        data: {
          object: describeWorkload(workload),
          selector: [...Object.entries(matchLabels).map(([k, v]) => `${k}=${String(v)}`), ...expressions.map((r) => `${String(r.key)} ${String(r.operator)}`)].join(', '),
          labels: Object.entries(labels).map(([k, v]) => `${k}=${String(v)}`).join(', ') || 'none',
        },
        path: ['spec', 'selector'],
      });
    }
    return out;
  },
});
