import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { findCredentials, isLiteralSecretValue, isSensitiveName, maskSecret } from '../hygiene/credentials.js';
import { listOf } from './fields.js';

type MessageId = 'recognised' | 'sensitiveName' | 'argument';

export default defineCheck({
  id: 'credentials-in-env',
  code: 'SKD-214',
  title: 'Literal credential in a container environment or arguments',
  description: 'Credentials must not be written as literal env values or command-line arguments; reference a Secret instead.',
  severity: 'high',
  category: 'workload',
  frameworks: { nsa: ['Network separation and hardening: secrets'], cis: ['5.4.1', '5.4.2'], mitre: ['T1552.001', 'T1552.007'] },
  docs: {
    rationale:
      'A credential in `env[].value` or in `args` is stored in the manifest repository, in every rendered copy, in the object in etcd unencrypted, and is visible to anyone who can read the workload (`get deployments`), a far larger audience than those who can read Secrets. Values are recognised by format (private keys, cloud keys, GitHub/GitLab/Slack tokens, JWTs, passwords in URLs and assignments) or by a variable name that holds a secret; findings show only a masked prefix.',
    remediation: 'Move the value into a Secret (ideally managed by an external secret store) and reference it with `valueFrom.secretKeyRef` or a mounted file; rotate the exposed credential.',
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables'],
    example: { bad: 'env:\n- name: DB_PASSWORD\n  value: hunter2hunter2\n', good: 'env:\n- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}\n' },
  },
  messages: {
    recognised: '{{object}}: container "{{container}}" env var "{{name}}" holds {{what}} ({{masked}}) as a literal value; move it to a Secret, reference it with valueFrom.secretKeyRef and rotate it.',
    sensitiveName: '{{object}}: container "{{container}}" sets env var "{{name}}" to a literal value ({{masked}}); move it to a Secret and reference it with valueFrom.secretKeyRef.',
    argument: '{{object}}: container "{{container}}" passes {{what}} ({{masked}}) in {{field}}; read it from a Secret-backed env var or file instead and rotate it.',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<MessageId>[] = [];
    for (const ref of workload.containers) {
      listOf(ref.container.env).forEach((env, i) => {
        if (typeof env?.value !== 'string' || typeof env.name !== 'string') return;
        // Path and message data only for what is reported: most env vars hold no secret.
        const path = () => [...ref.path, 'env', i, 'value'];
        const base = () => ({ object: describeWorkload(workload), container: ref.name, name: env.name as string });
        const recognised = findCredentials(env.value)[0];
        if (recognised) {
          out.push({ messageId: 'recognised', data: { ...base(), what: recognised.kind.label, masked: recognised.masked }, path: path(), container: ref.name });
        } else if (isSensitiveName(env.name) && isLiteralSecretValue(env.value)) {
          out.push({ messageId: 'sensitiveName', data: { ...base(), masked: maskSecret(env.value, 0) }, path: path(), container: ref.name, severity: 'medium' });
        }
      });
      for (const field of ['command', 'args'] as const) {
        const list = ref.container[field];
        if (!Array.isArray(list)) continue;
        list.forEach((arg, i) => {
          if (typeof arg !== 'string') return;
          const recognised = findCredentials(arg)[0];
          if (!recognised) return;
          out.push({
            messageId: 'argument',
            data: { object: describeWorkload(workload), container: ref.name, what: recognised.kind.label, masked: recognised.masked, field: `${field}[${i}]` },
            path: [...ref.path, field, i],
            container: ref.name,
          });
        });
      }
    }
    return out;
  },
});
