import { defineCheck, type Violation } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { listOf } from '../workload/fields.js';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export default defineCheck({
  id: 'probe-port-undeclared',
  code: 'SKD-617',
  title: 'Probe uses a named port the container does not declare',
  description: 'A probe that names its port must name one of the container\'s declared ports.',
  severity: 'medium',
  category: 'hygiene',
  frameworks: {},
  docs: {
    rationale:
      'A probe with `port: http` is resolved against the container\'s own `ports[].name`. When no port has that name the kubelet cannot run the probe: a liveness probe then restarts the container forever and a readiness probe keeps it out of every Service. The mistake usually follows a port rename.',
    remediation: 'Name the port in the container\'s `ports` list, or give the probe the port number.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port'],
  },
  messages: {
    undeclared: '{{object}}: container "{{container}}" {{probe}} uses port "{{port}}", but the container declares no port of that name ({{declared}}); name the port or use its number.',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<'undeclared'>[] = [];
    for (const ref of workload.containers) {
      // Listed only when a probe names a port: most probes give a number.
      let names: string[] | undefined;
      for (const probe of PROBES) {
        const spec = ref.container[probe];
        if (!isRecord(spec)) continue;
        for (const handler of HANDLERS) {
          const port = isRecord(spec[handler]) ? spec[handler].port : undefined;
          if (typeof port !== 'string' || /^\d+$/.test(port)) continue;
          names ??= listOf(ref.container.ports).flatMap((p) => (typeof p?.name === 'string' ? [p.name] : []));
          if (names.includes(port)) continue;
          out.push({
            messageId: 'undeclared',
            data: { object: describeWorkload(workload), container: ref.name, probe, port, declared: names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'no named ports' },
            path: [...ref.path, probe, handler, 'port'],
            container: ref.name,
          });
        }
      }
    }
    return out;
  },
});
