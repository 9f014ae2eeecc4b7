import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import { groupOf, labelsOf, nameOf } from '../../core/k8s/object.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const LEVELS = new Set(['privileged', 'baseline', 'restricted']);
/** Namespaces whose system components legitimately need privileges. */
const SYSTEM = new Set(['kube-system']);

export default defineCheck({
  id: 'namespace-pss-enforce',
  code: 'SKD-603',
  title: 'Namespace without Pod Security Admission enforcement',
  description: 'Every Namespace should carry a `pod-security.kubernetes.io/enforce` label at `baseline` or `restricted`.',
  severity: 'medium',
  category: 'hygiene',
  frameworks: { nsa: ['Pod security: pod security enforcement'], cis: ['5.2.1'], mitre: ['T1610', 'T1611'] },
  docs: {
    rationale:
      'Pod Security Admission, the built-in replacement for PodSecurityPolicy, enforces the Pod Security Standards per namespace through labels. A namespace without an `enforce` label falls back to the cluster default, which is `privileged` (nothing enforced) unless the admission configuration says otherwise; anyone who can create pods there can create privileged, host-namespace pods.',
    remediation:
      'Label the namespace `pod-security.kubernetes.io/enforce: restricted` (or `baseline`), with `enforce-version` pinned; roll out with `warn` and `audit` labels first.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/'],
    example: { bad: 'kind: Namespace\nmetadata:\n  name: shop\n', good: 'kind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n' },
  },
  messages: {
    missing: 'Namespace {{namespace}} has no {{label}} label, so Pod Security Standards are not enforced in it; label it with enforce: baseline or restricted.',
    privileged: 'Namespace {{namespace}} sets {{label}}: privileged, which enforces nothing; use baseline or restricted.',
    invalid: 'Namespace {{namespace}} sets {{label}}: "{{value}}", which is not a Pod Security level (privileged, baseline, restricted); Kubernetes rejects it.',
  },
  scope: 'object',
  kinds: ['Namespace'],
  check(object) {
    if (groupOf(object.apiVersion) !== '') return [];
    const namespace = nameOf(object);
    const value = labelsOf(object)[ENFORCE];
    const path = ['metadata', 'labels', ENFORCE];
    const data = { namespace, label: ENFORCE, value: String(value ?? '') };
    if (value === undefined) {
      return [
        {
          messageId: 'missing',
          data,
          path,
          // Pods that break baseline would be rejected from then on.
          fix: setFieldPatch(object, path, 'baseline'),
          fixSafety: 'unsafe',
        },
      ];
    }
    if (!LEVELS.has(String(value))) return [{ messageId: 'invalid', data, path }];
    if (value === 'privileged' && !SYSTEM.has(namespace)) return [{ messageId: 'privileged', data, path }];
    return [];
  },
});
