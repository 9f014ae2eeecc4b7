import type { Inventory, InventoryEntry } from '../core/inventory.js';
import { isRecord, labelsOf, nameOf, namespaceOf, type KubeObject } from '../core/k8s/object.js';
import type { Workload } from '../core/k8s/workload.js';
import { isAdminPolicy, parseAdminPolicy, type AdminPolicyModel } from './admin-policy.js';
import { isProtocol, type Protocol } from './connections.js';
import { ALL_IPV4, atomsOf, formatRange, type IntervalSet } from './ip.js';
import { isNetworkPolicy, parseNetworkPolicy, type NetworkPolicyModel, type PolicyProblem } from './policy.js';
import { labelMap, namespaceLabels } from '../core/k8s/selector.js';

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

/** A workload as a network endpoint: a controller's pod template, or a pod reported as its owner. */
export interface WorkloadEndpoint {
  type: 'workload';
  /** Position in `model.workloads`. */
  index: number;
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ports: ContainerPort[];
  hostNetwork: boolean;
  /** The object that defines it (for a pod reported as its owner: the first such pod). */
  entry: InventoryEntry;
  workload: Workload;
  /** Endpoints with identical namespace, labels, ports and host networking share a class. */
  classId: number;
}

export interface ExternalEndpoint {
  type: 'external';
  lo: number;
  hi: number;
}

export interface IngressControllerEndpoint {
  type: 'ingress-controller';
}

export type Endpoint = WorkloadEndpoint | ExternalEndpoint | IngressControllerEndpoint;

export const INGRESS_CONTROLLER: IngressControllerEndpoint = { type: 'ingress-controller' };

export interface ServicePort {
  name?: string;
  port: number;
  protocol: Protocol;
  targetPort: number | string;
  nodePort?: number;
}

export interface ServiceModel {
  namespace: string;
  name: string;
  type: string;
  /** Undefined: a Service without selector (its endpoints are managed by hand). */
  selector?: Record<string, string>;
  ports: ServicePort[];
  entry: InventoryEntry;
}

/** An Ingress or OpenShift Route: the ingress controller reaches the backends' pods. */
export interface IngressRouteModel {
  kind: 'Ingress' | 'Route';
  namespace: string;
  name: string;
  entry: InventoryEntry;
  backends: { service: string; port?: number | string }[];
}

export interface ModelOptions {
  /**
   * `node` (default, the common CNI behaviour the Kubernetes documentation describes): a
   * host-network pod is outside NetworkPolicy; selectors never match it and its traffic is the
   * node's. `pod`: treat it as an ordinary pod (what netpol-analyzer does).
   */
  hostNetwork?: 'node' | 'pod';
}

export interface NetworkModel {
  options: Required<ModelOptions>;
  /** Every namespace with its labels, the automatic `kubernetes.io/metadata.name` included. */
  namespaces: Map<string, Record<string, string>>;
  /** Namespaces declared by a Namespace object. */
  declaredNamespaces: Set<string>;
  workloads: WorkloadEndpoint[];
  /** One representative workload per class, indexed by classId. */
  classes: WorkloadEndpoint[][];
  policies: NetworkPolicyModel[];
  policiesByNamespace: Map<string, NetworkPolicyModel[]>;
  /** AdminNetworkPolicies by priority, then the BaselineAdminNetworkPolicy. */
  adminPolicies: AdminPolicyModel[];
  services: ServiceModel[];
  ingressRoutes: IngressRouteModel[];
  /** External address ranges as sources (split at ingress ipBlock boundaries) and destinations (egress). */
  externalSources: ExternalEndpoint[];
  externalDestinations: ExternalEndpoint[];
  problems: PolicyProblem[];
}

const OWNER_IGNORED = new Set(['Node']);

const cache = new WeakMap<Inventory, { size: number; model: NetworkModel }>();

/** The model of an inventory in the default mode, built once and shared by every check over it. */
export function networkModelOf(inventory: Inventory): NetworkModel {
  const cached = cache.get(inventory);
  if (cached && cached.size === inventory.size) return cached.model;
  const model = buildNetworkModel(inventory);
  cache.set(inventory, { size: inventory.size, model });
  return model;
}

export function buildNetworkModel(inventory: Inventory, options: ModelOptions = {}): NetworkModel {
  const problems: PolicyProblem[] = [];
  const namespaces = new Map<string, Record<string, string>>();
  const declaredNamespaces = new Set<string>();
  for (const entry of inventory.ofKind('Namespace')) {
    const name = nameOf(entry.object);
    if (!name) continue;
    declaredNamespaces.add(name);
    namespaces.set(name, namespaceLabels(name, labelsOf(entry.object)));
  }
  const ensureNamespace = (name: string) => {
    if (!namespaces.has(name)) namespaces.set(name, namespaceLabels(name, undefined));
  };

  const workloads: WorkloadEndpoint[] = [];
  const seen = new Set<string>();
  for (const { entry, workload } of inventory.workloads()) {
    if (entry.object.kind === 'PodTemplate') continue;
    const namespace = namespaceOf(entry.object) ?? 'default';
    const owner = entry.object.kind === 'Pod' ? controllerOf(entry.object) : undefined;
    const kind = owner?.kind ?? entry.object.kind;
    const name = owner?.name ?? nameOf(entry.object);
    const key = `${namespace}/${name}[${kind}]`;
    // Several pods of one owner stand for one workload, like the template they came from.
    if (seen.has(key)) continue;
    seen.add(key);
    ensureNamespace(namespace);
    workloads.push({
      type: 'workload',
      index: workloads.length,
      kind,
      name,
      namespace,
      labels: labelMap(workload.podMeta.labels),
      ports: containerPortsOf(workload),
      hostNetwork: workload.podSpec.hostNetwork === true,
      entry,
      workload,
      classId: -1,
    });
  }

  const classes: WorkloadEndpoint[][] = [];
  const classIds = new Map<string, number>();
  for (const w of workloads) {
    const key = classKey(w);
    let id = classIds.get(key);
    if (id === undefined) {
      id = classes.length;
      classIds.set(key, id);
      classes.push([]);
    }
    w.classId = id;
    classes[id]!.push(w);
  }

  const policies: NetworkPolicyModel[] = [];
  const adminPolicies: AdminPolicyModel[] = [];
  for (const entry of inventory.entries) {
    if (isNetworkPolicy(entry)) {
      const policy = parseNetworkPolicy(entry, problems);
      ensureNamespace(policy.namespace);
      policies.push(policy);
    } else if (isAdminPolicy(entry)) {
      const policy = parseAdminPolicy(entry, problems);
      if (policy) adminPolicies.push(policy);
    }
  }
  adminPolicies.sort((a, b) => a.priority - b.priority);
  const baselines = adminPolicies.filter((p) => p.kind === 'BaselineAdminNetworkPolicy');
  for (const extra of baselines.slice(1)) {
    problems.push({ entry: extra.entry, path: ['metadata', 'name'], message: 'only one BaselineAdminNetworkPolicy (named "default") exists in a cluster; this one is ignored' });
  }
  const admin = [...adminPolicies.filter((p) => p.kind === 'AdminNetworkPolicy'), ...baselines.slice(0, 1)];

  const ingressSets: IntervalSet[] = [];
  const egressSets: IntervalSet[] = [];
  for (const policy of policies) {
    for (const rule of policy.rules.Ingress) for (const peer of rule.peers ?? []) if (peer.ipBlock) ingressSets.push(peer.ipBlock.addresses);
    for (const rule of policy.rules.Egress) for (const peer of rule.peers ?? []) if (peer.ipBlock) egressSets.push(peer.ipBlock.addresses);
  }
  for (const policy of admin) {
    for (const rule of policy.rules.Egress) for (const peer of rule.peers) if ('networks' in peer) egressSets.push(peer.networks);
  }

  const policiesByNamespace = new Map<string, NetworkPolicyModel[]>();
  for (const policy of policies) {
    let list = policiesByNamespace.get(policy.namespace);
    if (!list) policiesByNamespace.set(policy.namespace, (list = []));
    list.push(policy);
  }

  return {
    options: { hostNetwork: options.hostNetwork ?? 'node' },
    namespaces,
    declaredNamespaces,
    workloads,
    classes,
    policies,
    policiesByNamespace,
    adminPolicies: admin,
    services: servicesOf(inventory),
    ingressRoutes: ingressRoutesOf(inventory),
    externalSources: atomsOf([ALL_IPV4, ...ingressSets]).map(([lo, hi]) => ({ type: 'external', lo, hi })),
    externalDestinations: atomsOf([ALL_IPV4, ...egressSets]).map(([lo, hi]) => ({ type: 'external', lo, hi })),
    problems,
  };
}

function controllerOf(pod: KubeObject): { kind: string; name: string } | undefined {
  const refs = pod.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ref = refs.find((r) => isRecord(r) && r.controller === true);
  if (!ref || OWNER_IGNORED.has(ref.kind) || !ref.name) return undefined;
  return { kind: ref.kind, name: ref.name };
}

function containerPortsOf(workload: Workload): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const ref of workload.containers) {
    // Named ports resolve against the ports of the pod's (regular) containers.
    if (ref.kind !== 'containers') continue;
    for (const p of Array.isArray(ref.container.ports) ? ref.container.ports : []) {
      if (!isRecord(p) || typeof p.containerPort !== 'number') continue;
      const protocol = String(p.protocol ?? 'TCP');
      if (!isProtocol(protocol)) continue;
      const port: ContainerPort = { port: p.containerPort, protocol };
      if (typeof p.name === 'string' && p.name !== '') port.name = p.name;
      out.push(port);
    }
  }
  return out;
}

function classKey(w: WorkloadEndpoint): string {
  const labels = Object.keys(w.labels)
    .sort()
    .map((k) => `${k}=${w.labels[k]}`)
    .join('\u0001');
  const ports = w.ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}`).join(',');
  return `${w.namespace}\u0000${labels}\u0000${ports}\u0000${w.hostNetwork}`;
}

function servicesOf(inventory: Inventory): ServiceModel[] {
  const out: ServiceModel[] = [];
  for (const entry of inventory.ofKind('Service')) {
    const spec = isRecord(entry.object.spec) ? entry.object.spec : {};
    const ports: ServicePort[] = [];
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
      if (!isRecord(p) || typeof p.port !== 'number') continue;
      const protocol = String(p.protocol ?? 'TCP');
      if (!isProtocol(protocol)) continue;
      const target = p.targetPort;
      const port: ServicePort = {
        port: p.port,
        protocol,
        targetPort: typeof target === 'number' ? target : typeof target === 'string' && target !== '' ? (/^\d+$/.test(target) ? Number(target) : target) : p.port,
      };
      if (typeof p.name === 'string') port.name = p.name;
      if (typeof p.nodePort === 'number') port.nodePort = p.nodePort;
      ports.push(port);
    }
    const service: ServiceModel = {
      namespace: namespaceOf(entry.object) ?? 'default',
      name: nameOf(entry.object),
      type: typeof spec.type === 'string' ? spec.type : 'ClusterIP',
      ports,
      entry,
    };
    if (isRecord(spec.selector) && Object.keys(spec.selector).length > 0) service.selector = labelMap(spec.selector);
    out.push(service);
  }
  return out;
}

function ingressRoutesOf(inventory: Inventory): IngressRouteModel[] {
  const out: IngressRouteModel[] = [];
  for (const entry of inventory.ofKind('Ingress')) {
    const spec = isRecord(entry.object.spec) ? entry.object.spec : {};
    const backends: IngressRouteModel['backends'] = [];
    const add = (backend: unknown) => {
      if (!isRecord(backend)) return;
      if (isRecord(backend.service) && typeof backend.service.name === 'string') {
        const port = isRecord(backend.service.port) ? (backend.service.port.number ?? backend.service.port.name) : undefined;
        backends.push(typeof port === 'number' || typeof port === 'string' ? { service: backend.service.name, port } : { service: backend.service.name });
      } else if (typeof backend.serviceName === 'string') {
        // networking.k8s.io/v1beta1 and extensions/v1beta1 form.
        const port = backend.servicePort;
        backends.push(typeof port === 'number' || typeof port === 'string' ? { service: backend.serviceName, port } : { service: backend.serviceName });
      }
    };
    add(spec.defaultBackend ?? spec.backend);
    for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
      if (!isRecord(rule) || !isRecord(rule.http) || !Array.isArray(rule.http.paths)) continue;
      for (const path of rule.http.paths) if (isRecord(path)) add(path.backend);
    }
    out.push({ kind: 'Ingress', namespace: namespaceOf(entry.object) ?? 'default', name: nameOf(entry.object), entry, backends });
  }
  for (const entry of inventory.ofKind('Route')) {
    if (!entry.object.apiVersion.startsWith('route.openshift.io/')) continue;
    const spec = isRecord(entry.object.spec) ? entry.object.spec : {};
    const backends: IngressRouteModel['backends'] = [];
    const targetPort = isRecord(spec.port) ? spec.port.targetPort : undefined;
    const targets = [spec.to, ...(Array.isArray(spec.alternateBackends) ? spec.alternateBackends : [])];
    for (const to of targets) {
      if (!isRecord(to) || typeof to.name !== 'string' || (to.kind !== undefined && to.kind !== 'Service')) continue;
      backends.push(typeof targetPort === 'number' || typeof targetPort === 'string' ? { service: to.name, port: targetPort } : { service: to.name });
    }
    out.push({ kind: 'Route', namespace: namespaceOf(entry.object) ?? 'default', name: nameOf(entry.object), entry, backends });
  }
  return out;
}

/** `ns/name[Kind]`, `a.b.c.d-e.f.g.h[External]`, `{ingress-controller}`: netpol-analyzer's peer names. */
export function endpointName(endpoint: Endpoint): string {
  switch (endpoint.type) {
    case 'workload':
      return `${endpoint.namespace}/${endpoint.name}[${endpoint.kind}]`;
    case 'external':
      return `${formatRange(endpoint.lo, endpoint.hi)}[External]`;
    case 'ingress-controller':
      return '{ingress-controller}';
  }
}

export function namespaceLabelsOf(model: NetworkModel, namespace: string): Record<string, string> {
  return model.namespaces.get(namespace) ?? namespaceLabels(namespace, undefined);
}

/** The workload a user names: `ns/name`, `name` (any namespace, when unique) or `ns/name[Kind]`. */
export function findWorkloads(model: NetworkModel, query: string): WorkloadEndpoint[] {
  const match = /^(?:([^/[\]]+)\/)?([^/[\]]+)(?:\[([^\]]+)\])?$/.exec(query.trim());
  if (!match) return [];
  const [, namespace, name, kind] = match;
  return model.workloads.filter(
    (w) => w.name === name && (namespace === undefined || w.namespace === namespace) && (kind === undefined || w.kind === kind),
  );
}

/**
 * An address range as the external endpoints policies can tell apart: the pieces of [lo, hi]
 * between the ipBlock boundaries of the direction it plays (as a source: ingress rules; as a
 * destination: egress rules).
 */
export function externalEndpoints(model: NetworkModel, lo: number, hi: number, role: 'source' | 'destination'): ExternalEndpoint[] {
  const atoms = role === 'source' ? model.externalSources : model.externalDestinations;
  return atoms.filter((a) => a.hi >= lo && a.lo <= hi).map((a) => ({ type: 'external', lo: Math.max(a.lo, lo), hi: Math.min(a.hi, hi) }));
}
