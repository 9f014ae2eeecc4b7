import { defineCheck, type Violation } from '../../core/check.js';
import type { KubeObject } from '../../core/k8s/object.js';
import { describeObject, groupOf, isRecord } from '../../core/k8s/object.js';

export default defineCheck({
  id: 'secret-in-manifest',
  code: 'SKD-604',
  title: 'Secret values committed in a manifest',
  description: 'Secret objects with data should not be kept in manifests; use an external secret store or encrypted secrets.',
  severity: 'high',
  category: 'hygiene',
  frameworks: { nsa: ['Network separation and hardening: secrets'], cis: ['5.4.2'], mitre: ['T1552.001'] },
  docs: {
    rationale:
      'Secret `data` is base64, not encryption: a Secret in a manifest puts the credential in version control, in every clone and CI log, and in the history forever. Sealed Secrets, SOPS or an external secret store (External Secrets Operator, the Secrets Store CSI driver) keep only ciphertext or a reference in the repository.',
    remediation: 'Remove the Secret from the manifests, rotate the credential, and deliver it through an external secret store or as an encrypted SealedSecret/SOPS file.',
    references: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
    example: { bad: 'kind: Secret\ndata:\n  password: aHVudGVyMg==\n', good: 'kind: ExternalSecret   # or SealedSecret\n' },
  },
  messages: {
    committed: '{{secret}} carries {{count}} value(s) ({{keys}}) in the manifest in plain base64; move them to an external secret store or encrypt them, and rotate them.',
  },
  scope: 'inventory',
  check(inventory) {
    const out: Violation<'committed'>[] = [];
    for (const entry of inventory.ofKind('Secret')) {
      // Read from a live cluster, a Secret is where it belongs; only files are manifests.
      if (entry.origin.file === 'cluster') continue;
      const violation = committedValues(entry.object);
      if (violation) out.push({ ...violation, entry });
    }
    return out;
  },
});

function committedValues(object: KubeObject): Violation<'committed'> | undefined {
  if (groupOf(object.apiVersion) !== '') return undefined;
  const keys: string[] = [];
  for (const field of ['data', 'stringData'] as const) {
    const values = object[field];
    if (!isRecord(values)) continue;
    for (const [key, value] of Object.entries(values)) if (typeof value === 'string' && value.trim() !== '') keys.push(`${field}.${key}`);
  }
  if (keys.length === 0) return undefined;
  const shown = keys.length > 5 ? [...keys.slice(0, 5), `… ${keys.length - 5} more`] : keys;
  const field = isRecord(object.data) && Object.keys(object.data).length > 0 ? 'data' : 'stringData';
  return { messageId: 'committed', data: { secret: describeObject(object), count: keys.length, keys: shown.join(', ') }, path: [field] };
}
