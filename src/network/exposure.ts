import { formatConnections, intersect, isEmpty, union, NO_CONNECTIONS, type ConnectionSet } from './connections.js';
import { ingressControllerPorts, serviceSelects, servicePortTarget } from './connectivity.js';
import { evaluateDirection } from './engine.js';
import { formatRange } from './ip.js';
import { endpointName, INGRESS_CONTROLLER, type NetworkModel, type WorkloadEndpoint } from './model.js';

export interface ServiceExposure {
  service: string;
  type: 'LoadBalancer' | 'NodePort';
  /** Pod ports the Service forwards to. */
  ports: ConnectionSet;
  /** Of those, what the workload's policies let in from outside the cluster. */
  reachable: ConnectionSet;
}

export interface WorkloadExposure {
  workload: WorkloadEndpoint;
  name: string;
  /** What any pod in any namespace may open (only rules that select every namespace count). */
  fromAnyNamespace: ConnectionSet;
  /** External address ranges allowed in, with what each may open. */
  fromExternal: { range: string; connections: ConnectionSet }[];
  /** Union over the external ranges. */
  fromAnyExternal: ConnectionSet;
  services: ServiceExposure[];
  /** Ports an Ingress or Route publishes (through a Service). */
  ingressPorts: ConnectionSet;
  /** Of those, what policies let the ingress controller open. */
  viaIngress: ConnectionSet;
  /** Reachable from outside the cluster for real: through a LoadBalancer/NodePort Service or an Ingress. */
  exposedOutside: ConnectionSet;
}

/**
 * What each workload lets in from the whole cluster and from outside it, combined with how it is
 * published (LoadBalancer and NodePort Services, Ingress, Route). "Any namespace" is asked with a
 * pod we know nothing about, which only rules selecting every namespace admit.
 */
export function exposure(model: NetworkModel): WorkloadExposure[] {
  return model.workloads.map((w) => exposureOf(model, w));
}

export function exposureOf(model: NetworkModel, workload: WorkloadEndpoint): WorkloadExposure {
  const fromAnyNamespace = evaluateDirection(model, 'Ingress', INGRESS_CONTROLLER, workload).allowed;
  const fromExternal: WorkloadExposure['fromExternal'] = [];
  let fromAnyExternal = NO_CONNECTIONS;
  for (const source of model.externalSources) {
    const allowed = evaluateDirection(model, 'Ingress', source, workload).allowed;
    if (isEmpty(allowed)) continue;
    fromExternal.push({ range: formatRange(source.lo, source.hi), connections: allowed });
    fromAnyExternal = union(fromAnyExternal, allowed);
  }
  const services: ServiceExposure[] = [];
  for (const service of model.services) {
    if ((service.type !== 'LoadBalancer' && service.type !== 'NodePort') || !serviceSelects(service, workload)) continue;
    const ports = service.ports.reduce((acc, p) => union(acc, servicePortTarget(p, workload)), NO_CONNECTIONS);
    services.push({ service: service.name, type: service.type, ports, reachable: intersect(ports, fromAnyExternal) });
  }
  const ingressPorts = ingressControllerPorts(model, workload);
  const viaIngress = intersect(ingressPorts, fromAnyNamespace);
  const exposedOutside = services.reduce((acc, s) => union(acc, s.reachable), viaIngress);
  return { workload, name: endpointName(workload), fromAnyNamespace, fromExternal, fromAnyExternal, services, ingressPorts, viaIngress, exposedOutside };
}

export function formatExposure(list: readonly WorkloadExposure[], format: 'txt' | 'json'): string {
  const text = (c: ConnectionSet) => (isEmpty(c) ? '' : formatConnections(c));
  const rows = list.map((e) => ({
    workload: e.name,
    fromAnyNamespace: text(e.fromAnyNamespace),
    fromExternal: e.fromExternal.map((x) => ({ range: x.range, conn: formatConnections(x.connections) })),
    services: e.services.map((s) => ({ service: s.service, type: s.type, ports: text(s.ports), reachable: text(s.reachable) })),
    ingressPorts: text(e.ingressPorts),
    viaIngress: text(e.viaIngress),
    exposedOutside: text(e.exposedOutside),
  }));
  if (format === 'json') return JSON.stringify(rows, null, 2);
  const lines: string[] = [];
  for (const r of rows) {
    if (!r.fromAnyNamespace && r.fromExternal.length === 0 && r.services.length === 0 && !r.ingressPorts) continue;
    lines.push(r.workload);
    if (r.fromAnyNamespace) lines.push(`  from any namespace: ${r.fromAnyNamespace}`);
    for (const x of r.fromExternal) lines.push(`  from ${x.range}: ${x.conn}`);
    for (const s of r.services) lines.push(`  ${s.type} Service ${s.service} forwards ${s.ports || 'nothing'}; reachable from outside: ${s.reachable || 'nothing'}`);
    if (r.ingressPorts) lines.push(`  Ingress/Route publishes ${r.ingressPorts}; the controller may open: ${r.viaIngress || 'nothing'}`);
    lines.push(`  EXPOSED OUTSIDE THE CLUSTER: ${r.exposedOutside || 'no'}`);
  }
  return lines.length > 0 ? lines.join('\n') : 'No workload is reachable from every namespace or from outside the cluster.';
}
