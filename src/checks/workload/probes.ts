import type { Violation, WorkloadCheck } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';

/** Run-to-completion pods: a probe has nothing to keep alive or route to. */
const BATCH_KINDS = new Set(['Job', 'CronJob']);

type Probe = 'livenessProbe' | 'readinessProbe';

const TEXT: Record<Probe, { what: string; rationale: string }> = {
  livenessProbe: {
    what: 'liveness',
    rationale:
      'Without a liveness probe the kubelet restarts a container only when its process exits: a deadlocked or wedged process keeps its pod "Running" and keeps receiving traffic until someone notices.',
  },
  readinessProbe: {
    what: 'readiness',
    rationale:
      'Without a readiness probe a pod receives Service traffic as soon as its process starts, before it can serve, and keeps receiving it while overloaded or disconnected from its dependencies: rollouts and failures turn into errors for users.',
  },
};

/** The liveness and readiness checks differ only by the probe field. */
export function probeCheck(spec: { id: string; code: string; probe: Probe }): WorkloadCheck<'missing'> {
  const { probe } = spec;
  const { what, rationale } = TEXT[probe];
  return {
    id: spec.id,
    code: spec.code,
    title: `Container without a ${what} probe`,
    description: `Long-running containers should define a \`${probe}\`.`,
    severity: 'low',
    category: 'workload',
    frameworks: {},
    docs: {
      rationale: `${rationale} This is a reliability check; Jobs, CronJobs and init containers are exempt.`,
      remediation: `Define \`${probe}\` (HTTP, TCP, gRPC or exec) on each long-running container, tuned to how the application starts and fails.`,
      references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'],
    },
    messages: {
      missing: `{{object}}: container "{{container}}" has no ${probe}; define one so Kubernetes can tell when it ${probe === 'livenessProbe' ? 'must be restarted' : 'can serve traffic'}.`,
    },
    scope: 'workload',
    check(workload) {
      if (BATCH_KINDS.has(workload.object.kind)) return [];
      const out: Violation<'missing'>[] = [];
      for (const ref of workload.containers) {
        if (ref.kind !== 'containers' || ref.container[probe] !== undefined) continue;
        out.push({ messageId: 'missing', data: { object: describeWorkload(workload), container: ref.name }, path: [...ref.path, probe], container: ref.name });
      }
      return out;
    },
  };
}
