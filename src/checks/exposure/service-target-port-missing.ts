import { defineCheck, type Violation } from '../../core/check.js';
import { describeObject, namespaceOf } from '../../core/k8s/object.js';
import type { Workload } from '../../core/k8s/workload.js';
import { listOf } from '../workload/fields.js';
import { selectingServices, workloadSelectionOf } from './selection.js';
import { servicePorts } from './services.js';

function portNames(workload: Workload): Set<string> {
  const names = new Set<string>();
  for (const ref of workload.containers) for (const port of listOf(ref.container.ports)) if (typeof port?.name === 'string') names.add(port.name);
  return names;
}

export default defineCheck({
  id: 'service-target-port-missing',
  code: 'SKD-412',
  title: 'Service targets a named port its pods do not declare',
  description: 'A Service whose `targetPort` is a name must select pods that declare a container port of that name.',
  severity: 'low',
  category: 'exposure',
  frameworks: {},
  docs: {
    rationale:
      'A named `targetPort` is resolved per pod against its containers\' `ports[].name`; pods without that name get no endpoint for the port, so the Service silently refuses connections. Only pods of the scan that the Service selects are considered.',
    remediation: 'Declare the named port on the container, or set `targetPort` to the port number.',
  },
  messages: {
    missing: '{{service}} port {{port}} targets the named port "{{target}}", which none of the {{count}} workload(s) it selects declares; name the container port or use its number.',
  },
  scope: 'inventory',
  check(inventory) {
    const services = selectingServices(inventory);
    if (services.length === 0) return [];
    const selection = workloadSelectionOf(inventory);
    const out: Violation<'missing'>[] = [];
    for (const { entry, selector } of services) {
      const service = entry.object;
      const named = servicePorts(service).filter((p) => typeof p.targetPort === 'string' && !/^\d+$/.test(p.targetPort));
      if (named.length === 0) continue;
      const selected = selection.select(namespaceOf(service), selector);
      if (selected.length === 0) continue;
      const declared = new Set(selected.flatMap((workload) => [...portNames(workload)]));
      for (const port of named) {
        if (declared.has(port.targetPort as string)) continue;
        out.push({
          messageId: 'missing',
          data: { service: describeObject(service), port: port.name ?? String(port.port ?? port.index), target: String(port.targetPort), count: selected.length },
          path: ['spec', 'ports', port.index, 'targetPort'],
          entry,
        });
      }
    }
    return out;
  },
});
