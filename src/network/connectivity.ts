import { ConnectionTable, NO_CONNECTIONS, isEmpty, portRange, union, type ConnectionSet } from './connections.js';
import { evaluateDirection, hasNamedPorts, isolatingPolicies, isUnderPolicy, resolveNamedPort, ruleConnections, ruleSelectsPeer } from './engine.js';
import { INGRESS_CONTROLLER, namespaceLabelsOf, type Endpoint, type NetworkModel, type ServiceModel, type WorkloadEndpoint } from './model.js';
import type { NetworkPolicyModel, PolicyPeer, PolicyRule } from './policy.js';

export interface Connection {
  source: Endpoint;
  destination: Endpoint;
  connections: ConnectionSet;
}

/**
 * Every allowed connection between distinct endpoints: workload to workload, external ranges to
 * workloads and back, and the ingress controller to the workloads an Ingress or Route exposes.
 *
 * Workloads are grouped into classes (same namespace, labels, ports, host networking): policies
 * cannot tell their members apart, so each class pair is evaluated once. Per destination class the
 * ingress side is one column over all sources, per source class the egress side one row over all
 * destinations; classes selected by the same rules share their column or row.
 */
export function connlist(model: NetworkModel): Connection[] {
  return new ConnectivityMatrix(model).connections();
}

/** The ports the ingress controller forwards to a workload: its Services' target ports behind an Ingress or Route. */
export function ingressControllerPorts(model: NetworkModel, workload: WorkloadEndpoint): ConnectionSet {
  let out = NO_CONNECTIONS;
  for (const route of model.ingressRoutes) {
    if (route.namespace !== workload.namespace) continue;
    for (const backend of route.backends) {
      const service = model.services.find((s) => s.namespace === route.namespace && s.name === backend.service);
      if (!service || !serviceSelects(service, workload)) continue;
      for (const port of service.ports) {
        if (backend.port !== undefined && !backendMatchesPort(route.kind, backend.port, port)) continue;
        out = union(out, servicePortTarget(port, workload));
      }
    }
  }
  return out;
}

export function serviceSelects(service: ServiceModel, workload: WorkloadEndpoint): boolean {
  if (service.namespace !== workload.namespace || service.selector === undefined) return false;
  return Object.entries(service.selector).every(([k, v]) => workload.labels[k] === v);
}

/** What a Service port forwards to on a pod: its targetPort, by number or by container port name. */
export function servicePortTarget(port: ServiceModel['ports'][number], workload: WorkloadEndpoint): ConnectionSet {
  return typeof port.targetPort === 'number'
    ? portRange(port.protocol, port.targetPort, port.targetPort)
    : resolveNamedPort(workload, port.targetPort, port.protocol);
}

function backendMatchesPort(kind: 'Ingress' | 'Route', wanted: number | string, port: ServiceModel['ports'][number]): boolean {
  if (typeof wanted === 'string') return port.name === wanted || (kind === 'Route' && port.targetPort === wanted);
  // An Ingress names the Service port; a Route's targetPort may also name the pod port number.
  return port.port === wanted || (kind === 'Route' && port.targetPort === wanted);
}

type Vector = Uint8Array;
/** Null: every entry is "all connections" (nothing restricts this side). */
type Line = Int32Array | null;

class ConnectivityMatrix {
  readonly table = new ConnectionTable();
  private readonly reps: WorkloadEndpoint[];
  private readonly sources: Endpoint[];
  private readonly destinations: Endpoint[];
  private readonly classesByNamespace = new Map<string, number[]>();
  private readonly ingressVectors = new Map<string, Vector>();
  private readonly egressVectors = new Map<string, Vector>();
  private readonly lineCache = new Map<string, Int32Array>();
  private readonly policyIndex = new Map<NetworkPolicyModel, number>();
  private readonly generic: boolean;

  constructor(private readonly model: NetworkModel) {
    this.reps = model.classes.map((members) => members[0]!);
    this.reps.forEach((rep, id) => {
      let list = this.classesByNamespace.get(rep.namespace);
      if (!list) this.classesByNamespace.set(rep.namespace, (list = []));
      list.push(id);
    });
    const exposed = model.ingressRoutes.length > 0;
    this.sources = [...this.reps, ...model.externalSources, ...(exposed ? [INGRESS_CONTROLLER] : [])];
    this.destinations = [...this.reps, ...model.externalDestinations];
    model.policies.forEach((p, i) => this.policyIndex.set(p, i));
    // Admin policies make decisions depend on rule order per port; evaluate those pair by pair.
    this.generic = model.adminPolicies.length > 0;
  }

  connections(): Connection[] {
    const { model, table, reps } = this;
    const classCount = reps.length;
    const columns = reps.map((_, id) => this.ingressColumn(id));
    const out: Connection[] = [];
    const emit = (source: Endpoint, destination: Endpoint, id: number) => {
      if (id !== ConnectionTable.NONE && source !== destination) out.push({ source, destination, connections: table.get(id) });
    };
    const everyClass = Int32Array.from({ length: classCount }, (_, i) => i);
    for (let s = 0; s < classCount; s++) {
      const row = this.egressRow(s);
      const sourceMembers = model.classes[s]!;
      // Only destinations the source may reach at all need their ingress side consulted.
      const reachable = row ? this.nonZero(row, classCount) : everyClass;
      for (let i = 0; i < reachable.length; i++) {
        const d = reachable[i]!;
        const e = row ? row[d]! : ConnectionTable.ALL;
        const column = columns[d]!;
        const id = table.intersect(e, column ? column[s]! : ConnectionTable.ALL);
        if (id === ConnectionTable.NONE) continue;
        for (const src of sourceMembers) for (const dst of model.classes[d]!) emit(src, dst, id);
      }
      for (let k = 0; k < model.externalDestinations.length; k++) {
        const id = row ? row[classCount + k]! : ConnectionTable.ALL;
        for (const src of sourceMembers) emit(src, model.externalDestinations[k]!, id);
      }
    }
    for (let d = 0; d < classCount; d++) {
      const column = columns[d]!;
      for (let k = 0; k < model.externalSources.length; k++) {
        const id = column ? column[classCount + k]! : ConnectionTable.ALL;
        for (const dst of model.classes[d]!) emit(model.externalSources[k]!, dst, id);
      }
      if (this.sources.length > classCount + model.externalSources.length) {
        const fromController = column ? column[this.sources.length - 1]! : ConnectionTable.ALL;
        for (const dst of model.classes[d]!) {
          const ports = ingressControllerPorts(model, dst);
          if (!isEmpty(ports)) emit(INGRESS_CONTROLLER, dst, table.intersect(fromController, table.id(ports)));
        }
      }
    }
    return out;
  }

  private readonly nonZeroCache = new Map<Int32Array, Int32Array>();
  private readonly ruleConnectionCache = new Map<string, number>();

  /** A rule's connections towards a destination; without named ports they are the same for all. */
  private ruleConnection(key: string, rule: PolicyRule, destination: Endpoint): number {
    if (hasNamedPorts(rule)) return this.table.id(ruleConnections(rule, destination));
    let id = this.ruleConnectionCache.get(key);
    if (id === undefined) this.ruleConnectionCache.set(key, (id = this.table.id(ruleConnections(rule, destination))));
    return id;
  }

  private nonZero(line: Int32Array, limit: number): Int32Array {
    let out = this.nonZeroCache.get(line);
    if (!out) {
      const indices: number[] = [];
      for (let i = 0; i < limit; i++) if (line[i] !== ConnectionTable.NONE) indices.push(i);
      this.nonZeroCache.set(line, (out = Int32Array.from(indices)));
    }
    return out;
  }

  /** Ingress allowed into class `d` from every source. */
  private ingressColumn(d: number): Line {
    const rep = this.reps[d]!;
    if (this.generic) return this.genericLine('Ingress', d);
    if (!isUnderPolicy(this.model, rep)) return null;
    const isolating = isolatingPolicies(this.model, rep, 'Ingress');
    if (isolating.length === 0) return null;
    const parts: { vector: Vector; conn: number }[] = [];
    const keys: string[] = [];
    for (const policy of isolating) {
      for (const rule of policy.rules.Ingress) {
        const key = `I${this.policyIndex.get(policy)}:${rule.index}`;
        const conn = this.ruleConnection(key, rule, rep);
        keys.push(`${key}=${conn}`);
        parts.push({ vector: this.vector('Ingress', key, policy, rule), conn });
      }
    }
    const signature = `I${keys.join(';')}`;
    let line = this.lineCache.get(signature);
    if (!line) {
      line = new Int32Array(this.sources.length);
      for (const { vector, conn } of parts) {
        if (conn === ConnectionTable.NONE) continue;
        for (let s = 0; s < vector.length; s++) if (vector[s]) line[s] = this.table.union(line[s]!, conn);
      }
      this.lineCache.set(signature, line);
    }
    return line;
  }

  /** Egress allowed out of class `s` to every destination. */
  private egressRow(s: number): Line {
    const rep = this.reps[s]!;
    if (this.generic) return this.genericLine('Egress', s);
    if (!isUnderPolicy(this.model, rep)) return null;
    const isolating = isolatingPolicies(this.model, rep, 'Egress');
    if (isolating.length === 0) return null;
    const keys: string[] = [];
    const parts: { vector: Vector; rule: PolicyRule; conn: number | undefined }[] = [];
    for (const policy of isolating) {
      for (const rule of policy.rules.Egress) {
        const key = `E${this.policyIndex.get(policy)}:${rule.index}`;
        keys.push(key);
        // Named ports resolve per destination; other rules allow the same everywhere.
        const conn = hasNamedPorts(rule) ? undefined : this.ruleConnection(key, rule, rep);
        parts.push({ vector: this.vector('Egress', key, policy, rule), rule, conn });
      }
    }
    const signature = `E${keys.join(';')}`;
    let line = this.lineCache.get(signature);
    if (!line) {
      line = new Int32Array(this.destinations.length);
      for (const { vector, rule, conn } of parts) {
        for (let d = 0; d < vector.length; d++) {
          if (!vector[d]) continue;
          const c = conn ?? this.table.id(ruleConnections(rule, this.destinations[d]!));
          line[d] = this.table.union(line[d]!, c);
        }
      }
      this.lineCache.set(signature, line);
    }
    return line;
  }

  private genericLine(direction: 'Ingress' | 'Egress', cls: number): Int32Array {
    const rep = this.reps[cls]!;
    const others = direction === 'Ingress' ? this.sources : this.destinations;
    const line = new Int32Array(others.length);
    for (let i = 0; i < others.length; i++) {
      const verdict = direction === 'Ingress' ? evaluateDirection(this.model, 'Ingress', others[i]!, rep) : evaluateDirection(this.model, 'Egress', rep, others[i]!);
      line[i] = this.table.id(verdict.allowed);
    }
    return line;
  }

  /** Which peers (sources for ingress, destinations for egress) a rule selects. */
  private vector(direction: 'Ingress' | 'Egress', key: string, policy: NetworkPolicyModel, rule: PolicyRule): Vector {
    const cache = direction === 'Ingress' ? this.ingressVectors : this.egressVectors;
    let vector = cache.get(key);
    if (vector) return vector;
    const peers = direction === 'Ingress' ? this.sources : this.destinations;
    vector = new Uint8Array(peers.length);
    if (rule.peers === undefined) vector.fill(1);
    else {
      for (const peer of rule.peers) this.markPeer(vector, peers, policy, peer);
    }
    cache.set(key, vector);
    return vector;
  }

  private markPeer(vector: Vector, peers: Endpoint[], policy: NetworkPolicyModel, peer: PolicyPeer): void {
    const { model } = this;
    const classCount = this.reps.length;
    if (peer.ipBlock || peer.invalid) {
      for (let i = classCount; i < peers.length; i++) if (!vector[i] && ruleSelectsPeer(model, policy, { index: 0, peers: [peer] }, peers[i]!)) vector[i] = 1;
      return;
    }
    // Only classes in namespaces the peer can select need a look; the namespace part of the
    // peer holds for all of them, so only the pod selector is left to ask (as peerMatches would).
    const namespaces = peer.namespaceSelector
      ? [...this.classesByNamespace.keys()].filter((ns) => peer.namespaceSelector!.matches(namespaceLabelsOf(model, ns)))
      : [policy.namespace];
    const pods = peer.podSelector;
    for (const ns of namespaces) {
      for (const id of this.classesByNamespace.get(ns) ?? []) {
        const rep = this.reps[id]!;
        if (!vector[id] && isUnderPolicy(model, rep) && (pods === undefined || pods.matches(rep.labels))) vector[id] = 1;
      }
    }
    const single = { index: 0, peers: [peer] };
    for (let i = classCount; i < peers.length; i++) if (!vector[i] && ruleSelectsPeer(model, policy, single, peers[i]!)) vector[i] = 1;
  }
}

