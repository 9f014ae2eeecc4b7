import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject, groupOf, isRecord } from '../../core/k8s/object.js';
import { findCredentials, isLiteralSecretValue, isSensitiveName, maskSecret } from './credentials.js';

type MessageId = 'recognised' | 'sensitiveKey';

export default defineCheck({
  id: 'credentials-in-configmap',
  code: 'SKD-605',
  title: 'Credential stored in a ConfigMap',
  description: 'ConfigMaps must not hold credentials: they are not access-controlled or encrypted like Secrets.',
  severity: 'high',
  category: 'hygiene',
  frameworks: { nsa: ['Network separation and hardening: secrets'], cis: ['5.4.1'], mitre: ['T1552.001'] },
  docs: {
    rationale:
      'ConfigMaps are readable by far more subjects than Secrets (many roles grant `get configmaps` freely), are never encrypted at rest, and are printed in logs and dashboards. Credentials are recognised by format (private keys, cloud keys, tokens, JWTs, passwords in URLs and assignments inside config files) or by a key name that holds a secret; values are never shown, only masked.',
    remediation: 'Move the credential into a Secret (or an external secret store), reference it from the pod, and rotate it.',
  },
  messages: {
    recognised: '{{configMap}} key "{{key}}" contains {{what}} ({{masked}}); move it into a Secret and rotate it.',
    sensitiveKey: '{{configMap}} key "{{key}}" holds a literal value ({{masked}}) under a credential name; move it into a Secret.',
  },
  scope: 'object',
  kinds: ['ConfigMap'],
  check(object) {
    const data = object.data;
    if (groupOf(object.apiVersion) !== '' || !isRecord(data)) return [];
    const out: Violation<MessageId>[] = [];
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') continue;
      const path = ['data', key];
      const found = findCredentials(value);
      for (const match of found) {
        out.push({ messageId: 'recognised', data: { configMap: describeObject(object), key, what: match.kind.label, masked: match.masked }, path, discriminator: match.kind.id });
      }
      if (found.length === 0 && isSensitiveName(key) && isLiteralSecretValue(value)) {
        out.push({ messageId: 'sensitiveKey', data: { configMap: describeObject(object), key, masked: maskSecret(value, 0) }, path, severity: 'medium' });
      }
    }
    return out;
  },
});
