import type { Violation, WorkloadCheck } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';

/** IDs below this overlap the host's system and user accounts. */
export const MIN_ID = 10000;

/**
 * The template behind the low-UID and low-GID checks: the container's own securityContext
 * wins over the pod's, as in Kubernetes. An ID left unset is the image's choice and is not
 * judged here (runAsNonRoot covers root).
 */
export function lowIdCheck(spec: { id: string; code: string; field: 'runAsUser' | 'runAsGroup'; what: 'UID' | 'GID' }): WorkloadCheck<'low'> {
  const { field, what } = spec;
  return {
    id: spec.id,
    code: spec.code,
    title: `Container runs with a ${what} below ${MIN_ID}`,
    description: `Containers should run with a ${what} of ${MIN_ID} or more, outside the range of host accounts.`,
    severity: 'low',
    category: 'workload',
    frameworks: { nsa: ['Pod security: non-root containers and rootless container engines'], mitre: ['T1611'] },
    docs: {
      rationale: `Without user namespaces a container's ${what} is the host's. ${what}s below ${MIN_ID} are used by host system and login accounts, so a container that escapes, or shares a host volume, acts with the rights of a real host account. A high ${what} owns nothing on the node. Opt-in: Pod Security "restricted" allows any non-zero ${what}${field === 'runAsUser' ? ' (UID 0 is reported by the Pod Security checks)' : ''}.`,
      remediation: `Set \`securityContext.${field}\` to ${MIN_ID} or more (and build the image to run as that ${what}).`,
    },
    messages: {
      low: `{{object}}: {{where}} sets ${field}: {{id}}, a ${what} below ${MIN_ID} that can match a host account; use ${MIN_ID} or more.`,
    },
    defaultEnabled: false,
    scope: 'workload',
    check(workload) {
      const out: Violation<'low'>[] = [];
      const podValue: unknown = workload.podSpec.securityContext?.[field];
      let podReported = false;
      for (const ref of workload.containers) {
        const own: unknown = ref.container.securityContext?.[field];
        const value = own ?? podValue;
        if (typeof value !== 'number' || value >= MIN_ID || (field === 'runAsUser' && value === 0)) continue;
        if (own !== undefined) {
          out.push({ messageId: 'low', data: { object: describeWorkload(workload), where: `container "${ref.name}"`, id: value }, path: [...ref.path, 'securityContext', field], container: ref.name });
        } else if (!podReported) {
          podReported = true;
          out.push({ messageId: 'low', data: { object: describeWorkload(workload), where: 'the pod securityContext', id: value }, path: [...workload.podSpecPath, 'securityContext', field] });
        }
      }
      return out;
    },
  };
}
