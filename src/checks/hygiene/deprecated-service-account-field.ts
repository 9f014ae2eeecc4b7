import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { toJsonPointer } from '../../core/path.js';

export default defineCheck({
  id: 'deprecated-service-account-field',
  code: 'SKD-608',
  title: 'Pod uses the deprecated serviceAccount field',
  description: 'Pod specs should name their service account with `serviceAccountName`; `serviceAccount` is a deprecated alias.',
  severity: 'low',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      '`spec.serviceAccount` is a deprecated alias that Kubernetes copies into `serviceAccountName`. When both are set and differ, tools disagree about which account the pod runs as: policy engines and reviewers may read one while the kubelet uses the other.',
    remediation: 'Rename `serviceAccount` to `serviceAccountName` (the fix does this when `serviceAccountName` is absent).',
    references: ['https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security'],
  },
  messages: {
    deprecated: '{{object}}: the pod names its service account with the deprecated field serviceAccount ("{{account}}"); rename it to serviceAccountName.',
    conflicting: '{{object}}: the pod sets serviceAccount "{{account}}" and serviceAccountName "{{named}}", which disagree; remove serviceAccount.',
  },
  scope: 'workload',
  check(workload) {
    const { podSpec } = workload;
    const account = podSpec.serviceAccount;
    if (typeof account !== 'string' || account === '') return [];
    const path = [...workload.podSpecPath, 'serviceAccount'];
    const named = podSpec.serviceAccountName;
    if (named === undefined) {
      const violation: Violation<'deprecated'> = {
        messageId: 'deprecated',
        data: { object: describeWorkload(workload), account },
        path,
        fix: [
          { op: 'add', path: toJsonPointer([...workload.podSpecPath, 'serviceAccountName']), value: account },
          { op: 'remove', path: toJsonPointer(path) },
        ],
        fixSafety: 'safe',
      };
      return [violation];
    }
    if (named === account) return [{ messageId: 'deprecated', data: { object: describeWorkload(workload), account }, path, fix: [{ op: 'remove', path: toJsonPointer(path) }], fixSafety: 'safe' }];
    return [{ messageId: 'conflicting', data: { object: describeWorkload(workload), account, named: String(named) }, path }];
  },
});
