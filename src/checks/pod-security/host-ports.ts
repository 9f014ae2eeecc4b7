import { defineCheck } from '../../core/check.js';
import type { JsonPatchOp } from '../../core/finding.js';
import { isRecord } from '../../core/k8s/object.js';
import { toJsonPointer } from '../../core/path.js';
import { containerPath, containersPhrase, NSA_NETWORK_SEPARATION, pluralize, pssControl, sortedSet, type PssFinding } from './pss.js';

export default defineCheck({
  id: 'host-ports',
  code: 'SKD-103',
  title: 'Host port used',
  description: 'Containers must not bind ports on the node (hostPort).',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'Host Ports' },
    nsa: [NSA_NETWORK_SEPARATION],
    cis: ['5.2.13'],
  },
  docs: {
    rationale:
      "A hostPort publishes the container on the node's own address, bypassing Services and most NetworkPolicy setups, and ties the pod to nodes where the port is free.",
    remediation: 'Remove `hostPort` from the container ports and expose the workload through a Service.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    example: {
      bad: 'containers:\n- name: app\n  image: app:1.0\n  ports:\n  - containerPort: 8080\n    hostPort: 8080\n',
      good: 'containers:\n- name: app\n  image: app:1.0\n  ports:\n  - containerPort: 8080\n',
    },
  },
  messages: {
    hostPort: 'hostPort ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    {
      since: 'v1.0',
      evaluate(workload) {
        const badContainers: string[] = [];
        const ports: string[] = [];
        const findings: PssFinding<'hostPort'>[] = [];
        for (const ref of workload.containers) {
          const list = ref.container.ports;
          if (!Array.isArray(list)) continue;
          let bad = false;
          list.forEach((port, index) => {
            if (!isRecord(port)) return;
            const hostPort = port.hostPort;
            if (hostPort === undefined || hostPort === null || hostPort === 0) return;
            bad = true;
            ports.push(String(hostPort));
            const path = containerPath(ref, 'ports', index, 'hostPort');
            // Clients may reach the pod through the node's port: removing it needs a Service in its place.
            const fix: JsonPatchOp[] = [{ op: 'remove', path: toJsonPointer(path) }];
            findings.push({ messageId: 'hostPort', path, container: ref.name, fix, fixSafety: 'unsafe' });
          });
          if (bad) badContainers.push(ref.name);
        }
        if (findings.length === 0) return undefined;
        const distinctPorts = sortedSet(ports);
        return {
          detail: `${containersPhrase(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ${pluralize('hostPort', 'hostPorts', distinctPorts.length)} ${distinctPorts.join(', ')}`,
          findings,
        };
      },
    },
  ]),
});
