import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { listOf } from './fields.js';

export default defineCheck({
  id: 'secret-in-env-var',
  code: 'SKD-215',
  title: 'Secret exposed as an environment variable',
  description: 'Secrets should be mounted as files rather than injected as environment variables.',
  severity: 'low',
  category: 'workload',
  frameworks: { nsa: ['Network separation and hardening: secrets'], cis: ['5.4.1'], mitre: ['T1552.001'] },
  docs: {
    rationale:
      'Environment variables leak: they are inherited by every child process, printed by crash handlers and debug endpoints, readable through /proc/<pid>/environ by anything sharing the process namespace, and never updated when the Secret rotates. Mounted files have permissions, can be rotated in place, and are read only when needed.',
    remediation: 'Mount the Secret as a volume (`secret:` volume, read-only) and have the application read the file; or keep the variable but accept the risk with an exception.',
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod'],
    example: { bad: 'env:\n- name: API_TOKEN\n  valueFrom:\n    secretKeyRef: {name: api, key: token}\n', good: 'volumeMounts:\n- {name: api, mountPath: /run/secrets/api, readOnly: true}\n' },
  },
  messages: {
    keyRef: '{{object}}: container "{{container}}" injects key "{{key}}" of Secret "{{secret}}" as env var "{{name}}"; mount the Secret as a file instead.',
    envFrom: '{{object}}: container "{{container}}" injects every key of Secret "{{secret}}" as env vars (envFrom); mount the Secret as a file instead.',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<'keyRef' | 'envFrom'>[] = [];
    for (const ref of workload.containers) {
      listOf(ref.container.env).forEach((env, i) => {
        const keyRef = env?.valueFrom?.secretKeyRef;
        if (!keyRef || typeof keyRef !== 'object') return;
        out.push({
          messageId: 'keyRef',
          data: { object: describeWorkload(workload), container: ref.name, key: String(keyRef.key ?? '?'), secret: String(keyRef.name ?? '?'), name: String(env.name ?? '?') },
          path: [...ref.path, 'env', i, 'valueFrom', 'secretKeyRef'],
          container: ref.name,
        });
      });
      listOf(ref.container.envFrom).forEach((source, i) => {
        const secretRef = source?.secretRef;
        if (!secretRef || typeof secretRef !== 'object') return;
        out.push({
          messageId: 'envFrom',
          data: { object: describeWorkload(workload), container: ref.name, secret: String(secretRef.name ?? '?') },
          path: [...ref.path, 'envFrom', i, 'secretRef'],
          container: ref.name,
        });
      });
    }
    return out;
  },
});
