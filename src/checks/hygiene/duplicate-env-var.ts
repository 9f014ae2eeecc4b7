import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { toJsonPointer } from '../../core/path.js';
import { listOf } from '../workload/fields.js';

export default defineCheck({
  id: 'duplicate-env-var',
  code: 'SKD-607',
  title: 'Environment variable defined twice',
  description: 'A container should define each environment variable once.',
  severity: 'low',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'When `env` lists a name twice, the last entry silently wins: a setting that looks configured (a feature flag, a TLS option, a Secret reference) is overridden further down, often after a merge or a kustomize patch. Strategic merge patches also misbehave on duplicate keys.',
    remediation: 'Keep one entry per name. The fix removes the earlier entries, which the container never saw, so behaviour is unchanged.',
  },
  messages: {
    duplicate: '{{object}}: container "{{container}}" defines env var "{{name}}" again at env[{{later}}], which overrides env[{{earlier}}]; keep one entry.',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<'duplicate'>[] = [];
    for (const ref of workload.containers) {
      const env = listOf(ref.container.env);
      const last = new Map<string, number>();
      env.forEach((e, i) => typeof e?.name === 'string' && last.set(e.name, i));
      // Later indices first so that the removals compose into one patch.
      for (let i = env.length - 1; i >= 0; i--) {
        const name = env[i]?.name;
        if (typeof name !== 'string' || last.get(name) === i) continue;
        const path = [...ref.path, 'env', i];
        const pointer = toJsonPointer(path);
        out.push({
          messageId: 'duplicate',
          data: { object: describeWorkload(workload), container: ref.name, name, earlier: i, later: last.get(name)! },
          path,
          container: ref.name,
          discriminator: `${name}#${i}`,
          // Kubernetes uses the last definition: dropping the earlier ones changes nothing at run time.
          fix: [
            { op: 'test', path: `${pointer}/name`, value: name },
            { op: 'remove', path: pointer },
          ],
          fixSafety: 'safe',
        });
      }
    }
    return out;
  },
});
