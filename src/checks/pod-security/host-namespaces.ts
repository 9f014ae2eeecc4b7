import { defineCheck } from '../../core/check.js';
import { setFieldPatch } from '../../core/json-patch.js';
import { NSA_POD_SECURITY_ENFORCEMENT, podPath, pssControl } from './pss.js';

const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

export default defineCheck({
  id: 'host-namespaces',
  code: 'SKD-102',
  title: 'Host namespaces shared',
  description: 'Pods must not share the host network, PID or IPC namespace.',
  severity: 'high',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'Host Namespaces' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
    cis: ['5.2.3', '5.2.4', '5.2.5'],
    mitre: ['T1611'],
  },
  docs: {
    rationale:
      "Sharing the host's PID namespace exposes every process on the node (and their environment and memory through /proc); the IPC namespace exposes the host's shared memory; the network namespace exposes the node's interfaces, loopback services and lets the pod sniff or bind host traffic.",
    remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them to false).',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    example: {
      bad: 'spec:\n  hostPID: true\n  containers:\n  - name: app\n    image: app:1.0\n',
      good: 'spec:\n  containers:\n  - name: app\n    image: app:1.0\n',
    },
  },
  messages: {
    hostNamespace: 'host namespaces ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    {
      since: 'v1.0',
      evaluate(workload) {
        const set = HOST_NAMESPACE_FIELDS.filter((field) => workload.podSpec[field] === true);
        if (set.length === 0) return undefined;
        return {
          detail: set.map((field) => `${field}=true`).join(', '),
          findings: set.map((field) => {
            const path = podPath(workload, field);
            // Node agents and CNI plugins need these: switching them off is a design decision.
            return { messageId: 'hostNamespace' as const, path, fix: setFieldPatch(workload.object, path, false), fixSafety: 'unsafe' as const };
          }),
        };
      },
    },
  ]),
});
