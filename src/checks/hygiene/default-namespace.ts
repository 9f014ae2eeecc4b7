import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject, namespaceOf } from '../../core/k8s/object.js';

export default defineCheck({
  id: 'default-namespace',
  code: 'SKD-611',
  title: 'Object placed in the default namespace',
  description: 'Workloads and their objects should live in a dedicated namespace, not `default`.',
  severity: 'low',
  category: 'hygiene',
  frameworks: { nsa: ['Network separation and hardening: namespaces'], cis: ['5.7.1', '5.7.4'] },
  docs: {
    rationale:
      'Namespaces are the boundary for RBAC, NetworkPolicies, quotas and Pod Security levels. The `default` namespace usually has none of them, is shared by everything nobody placed deliberately, and its `default` service account is the one most often over-granted. Only objects that name `default` explicitly are reported; objects without a namespace go where they are applied. Opt-in: small clusters often run a single application in `default` on purpose.',
    remediation: 'Create a namespace for the application (with Pod Security labels, NetworkPolicies and quotas) and move the objects there.',
  },
  messages: {
    defaultNamespace: '{{object}} is placed in the default namespace; move it to a dedicated namespace with its own RBAC, NetworkPolicies and Pod Security labels.',
  },
  defaultEnabled: false,
  scope: 'inventory',
  check(inventory) {
    const out: Violation<'defaultNamespace'>[] = [];
    for (const entry of inventory.entries) {
      if (namespaceOf(entry.object) !== 'default') continue;
      out.push({ messageId: 'defaultNamespace', data: { object: describeObject(entry.object) }, path: ['metadata', 'namespace'], entry });
    }
    return out;
  },
});
