import type { CheckMeta, Violation, WorkloadCheck } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';

type Resource = 'cpu' | 'memory' | 'ephemeral-storage';
type Bound = 'requests' | 'limits';

const WHY: Record<Resource, Record<Bound, string>> = {
  cpu: {
    requests:
      'Without a CPU request the scheduler places the pod as if it needed no CPU, so nodes are over-committed and the container is the first to be starved under contention.',
    limits:
      'Without a CPU limit one container (a runaway loop, a crypto miner) can take every core of its node and starve its neighbours, including system daemons.',
  },
  memory: {
    requests:
      'Without a memory request the scheduler cannot reserve memory for the pod, nodes are over-committed, and the pod is among the first evicted under memory pressure.',
    limits:
      'Without a memory limit a leaking or malicious container can exhaust the node\'s memory, triggering the OOM killer on other workloads and node components.',
  },
  'ephemeral-storage': {
    requests: 'Without an ephemeral-storage request the scheduler does not account for the pod\'s scratch space and logs when placing it.',
    limits:
      'Without an ephemeral-storage limit a container can fill the node\'s disk with logs, emptyDir data or its writable layer, putting the node under disk pressure and evicting its neighbours. Opt-in: most clusters rely on node-level eviction.',
  },
};

const EXAMPLE: Record<Resource, string> = { cpu: '250m', memory: '256Mi', 'ephemeral-storage': '1Gi' };

/**
 * One template for the resource checks (CPU, memory, ephemeral storage; requests, limits): they
 * differ only by data. A value set in `limits` counts as the request too, as Kubernetes
 * defaults a missing request to the limit.
 */
export function resourceRequirementCheck(spec: {
  id: string;
  code: string;
  resource: Resource;
  bound: Bound;
  severity: CheckMeta['severity'];
  defaultEnabled?: boolean;
}): WorkloadCheck<'missing'> {
  const { resource, bound } = spec;
  const field = `resources.${bound}.${resource}`;
  return {
    id: spec.id,
    code: spec.code,
    title: `Container without a ${resource} ${bound === 'requests' ? 'request' : 'limit'}`,
    description: `Every container should set \`${field}\`.`,
    severity: spec.severity,
    category: 'workload',
    frameworks: { nsa: ['Network separation and hardening: resource policies'], mitre: ['T1496', 'T1499'] },
    docs: {
      rationale: `${WHY[resource][bound]} A LimitRange in the namespace can supply defaults; this check reads the manifest only.`,
      remediation: `Set \`${field}\` on every container (init containers included) to a value measured from the workload's real use.`,
      references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
      example: { bad: 'containers:\n- name: app\n  image: app:1.0.0\n', good: `containers:\n- name: app\n  image: app:1.0.0\n  resources:\n    ${bound}:\n      ${resource}: ${EXAMPLE[resource]}\n` },
    },
    messages: {
      missing: `{{object}}: container "{{container}}" does not set ${field}; set it to what the container needs.`,
    },
    ...(spec.defaultEnabled === false ? { defaultEnabled: false } : {}),
    scope: 'workload',
    check(workload) {
      const out: Violation<'missing'>[] = [];
      for (const ref of workload.containers) {
        if (ref.kind === 'ephemeralContainers') continue; // ephemeral containers cannot have resources
        const resources = ref.container.resources;
        const value = resources?.[bound]?.[resource] ?? (bound === 'requests' ? resources?.limits?.[resource] : undefined);
        if (value !== undefined && value !== null && value !== '') continue;
        out.push({ messageId: 'missing', data: { object: describeWorkload(workload), container: ref.name }, path: [...ref.path, 'resources', bound, resource], container: ref.name });
      }
      return out;
    },
  };
}
