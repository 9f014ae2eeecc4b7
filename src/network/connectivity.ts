import { ConnectionTable, NO_CONNECTIONS, isEmpty, portRange, union, type ConnectionSet } from './connections.js';
import type { AdminRule } from './admin-policy.js';
import {
  adminPeerMatches,
  adminRuleConnections,
  adminSubjectSelects,
  hasNamedPorts,
  isolatingPolicies,
  isUnderPolicy,
  resolveNamedPort,
  ruleConnections,
  ruleSelectsPeer,
} from './engine.js';
import { endpointName, INGRESS_CONTROLLER, namespaceLabelsOf, type Endpoint, type NetworkModel, type ServiceModel, type WorkloadEndpoint } from './model.js';
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
  return [...connections(model)];
}

/**
 * The same connections, produced one at a time in netpol-analyzer's order (by source name, then
 * destination name), so that a caller can write them out without holding them all: a cluster
 * without policies has as many connections as ordered pairs of workloads.
 */
export function connections(model: NetworkModel): Iterable<Connection> {
  return new ConnectivityMatrix(model).sorted();
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
/** A rule as applied to one line: which peers it selects, and what it allows (per peer when named ports resolve per destination). */
interface Part {
  vector: Vector;
  conn: number | ((peer: number) => number);
}
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
  private readonly connectionCache = new Map<string, number>();
  private readonly adminVectors = new Map<string, Vector>();

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
  }

  *sorted(): Generator<Connection> {
    const { model, table, reps } = this;
    const classCount = reps.length;
    const columns = reps.map((_, id) => this.ingressColumn(id));
    const rows = new Map<number, Line>();
    const rowOf = (cls: number) => {
      if (!rows.has(cls)) rows.set(cls, this.egressRow(cls));
      return rows.get(cls)!;
    };
    const byName = <T extends Endpoint>(list: T[]) =>
      list
        .map((e) => ({ e, name: endpointName(e) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((x) => x.e);
    const externalIndex = new Map<Endpoint, number>();
    model.externalSources.forEach((e, k) => externalIndex.set(e, classCount + k));
    model.externalDestinations.forEach((e, k) => externalIndex.set(e, classCount + k));
    const exposed = this.sources.length > classCount + model.externalSources.length;
    const sources = byName<Endpoint>([...model.workloads, ...model.externalSources, ...(exposed ? [INGRESS_CONTROLLER] : [])]);
    const workloadDestinations = byName(model.workloads);
    const destinations = byName<Endpoint>([...model.workloads, ...model.externalDestinations]);
    const connection = (source: Endpoint, destination: Endpoint, id: number): Connection => ({ source, destination, connections: table.get(id) });

    // Destinations by position in name order: their index into rows, and whether they are workloads.
    const lineIndex = Int32Array.from(destinations, (d) => (d.type === 'workload' ? d.classId : externalIndex.get(d)!));
    const isWorkload = Uint8Array.from(destinations, (d) => (d.type === 'workload' ? 1 : 0));
    const everyPosition = Int32Array.from(destinations.keys());
    // A restricted source reaches few destinations: list those positions once per distinct row.
    const reachable = new Map<Int32Array, Int32Array>();
    const positionsOf = (row: Int32Array) => {
      let positions = reachable.get(row);
      if (!positions) {
        const list: number[] = [];
        for (let p = 0; p < lineIndex.length; p++) if (row[lineIndex[p]!] !== ConnectionTable.NONE) list.push(p);
        reachable.set(row, (positions = Int32Array.from(list)));
      }
      return positions;
    };

    for (const source of sources) {
      if (source.type === 'workload') {
        const row = rowOf(source.classId);
        const positions = row ? positionsOf(row) : everyPosition;
        for (let i = 0; i < positions.length; i++) {
          const p = positions[i]!;
          const destination = destinations[p]!;
          if (destination === source) continue;
          const e = row ? row[lineIndex[p]!]! : ConnectionTable.ALL;
          let id = e;
          if (isWorkload[p]) {
            const column = columns[lineIndex[p]!]!;
            id = table.intersect(e, column ? column[source.classId]! : ConnectionTable.ALL);
          }
          if (id !== ConnectionTable.NONE) yield connection(source, destination, id);
        }
      } else if (source.type === 'external') {
        const k = externalIndex.get(source)!;
        for (const destination of workloadDestinations) {
          const column = columns[destination.classId]!;
          const id = column ? column[k]! : ConnectionTable.ALL;
          if (id !== ConnectionTable.NONE) yield connection(source, destination, id);
        }
      } else {
        for (const destination of workloadDestinations) {
          const ports = ingressControllerPorts(model, destination);
          if (isEmpty(ports)) continue;
          const column = columns[destination.classId]!;
          const id = table.intersect(column ? column[this.sources.length - 1]! : ConnectionTable.ALL, table.id(ports));
          if (id !== ConnectionTable.NONE) yield connection(source, destination, id);
        }
      }
    }
  }

  /** A rule's connections; the same for every destination unless named ports resolve against one. */
  private cachedConnection(key: string, compute: () => ConnectionSet, destination: WorkloadEndpoint | undefined): number {
    const cacheKey = destination ? `${key}@${destination.classId}` : key;
    let id = this.connectionCache.get(cacheKey);
    if (id === undefined) this.connectionCache.set(cacheKey, (id = this.table.id(compute())));
    return id;
  }

  /** Ingress allowed into class `d` from every source. */
  private ingressColumn(d: number): Line {
    return this.line('Ingress', d);
  }

  /** Egress allowed out of class `s` to every destination. */
  private egressRow(s: number): Line {
    return this.line('Egress', s);
  }

  /**
   * What one class allows in one direction, towards every peer: the steps of evaluateDirection
   * (admin policies in order, NetworkPolicies, the baseline), each rule applied to the peers its
   * vector selects. Classes the same rules apply to share the line.
   */
  private line(direction: 'Ingress' | 'Egress', cls: number): Line {
    const { model, table } = this;
    const rep = this.reps[cls]!;
    if (!isUnderPolicy(model, rep)) return null;
    const peers = direction === 'Ingress' ? this.sources : this.destinations;
    // Rule connections resolve against the destination: fixed for ingress, per peer for egress named ports.
    const conn = (key: string, named: boolean, resolve: (destination: Endpoint) => ConnectionSet): ((i: number) => number) | number => {
      if (direction === 'Ingress' || !named) return this.cachedConnection(key, () => resolve(rep), named ? rep : undefined);
      return (i: number) => table.id(resolve(peers[i]!));
    };
    const keys: string[] = [];
    const npParts: Part[] = [];
    const isolating = isolatingPolicies(model, rep, direction);
    for (const policy of isolating) {
      for (const rule of policy.rules[direction]) {
        const key = `${direction[0]}${this.policyIndex.get(policy)}:${rule.index}`;
        const c = conn(key, hasNamedPorts(rule), (dst) => ruleConnections(rule, dst));
        keys.push(`${key}=${typeof c === 'number' ? c : '*'}`);
        npParts.push({ vector: this.vector(direction, key, policy, rule), conn: c });
      }
    }
    const adminParts: (Part & { action: AdminRule['action'] })[] = [];
    const baselineParts: (Part & { action: AdminRule['action'] })[] = [];
    model.adminPolicies.forEach((policy, index) => {
      if (!adminSubjectSelects(model, policy, rep)) return;
      for (const rule of policy.rules[direction]) {
        const key = `A${direction[0]}${index}:${rule.index}`;
        const named = rule.ports?.some((p) => 'namedPort' in p) ?? false;
        const c = conn(key, named, (dst) => adminRuleConnections(rule, dst));
        keys.push(`${key}=${typeof c === 'number' ? c : '*'}`);
        const part = { vector: this.adminVector(key, peers, rule), conn: c, action: rule.action };
        (policy.kind === 'BaselineAdminNetworkPolicy' ? baselineParts : adminParts).push(part);
      }
    });
    if (isolating.length === 0 && adminParts.length === 0 && baselineParts.length === 0) return null;
    const signature = `${direction}${isolating.length > 0 ? '+' : '-'}${keys.join(';')}`;
    const cached = this.lineCache.get(signature);
    if (cached) return cached;

    const at = (part: Part, i: number) => (typeof part.conn === 'number' ? part.conn : part.conn(i));
    const byRules = new Int32Array(peers.length);
    for (const part of npParts) {
      for (let i = 0; i < peers.length; i++) if (part.vector[i]) byRules[i] = table.union(byRules[i]!, at(part, i));
    }
    let line = byRules;
    if (adminParts.length > 0 || baselineParts.length > 0) {
      line = new Int32Array(peers.length);
      for (let i = 0; i < peers.length; i++) {
        let allowed = ConnectionTable.NONE;
        let remaining = ConnectionTable.ALL;
        let passed = ConnectionTable.NONE;
        for (const part of adminParts) {
          if (!part.vector[i] || remaining === ConnectionTable.NONE) continue;
          const decided = table.intersect(at(part, i), remaining);
          if (decided === ConnectionTable.NONE) continue;
          remaining = table.subtract(remaining, decided);
          if (part.action === 'Allow') allowed = table.union(allowed, decided);
          else if (part.action === 'Pass') passed = table.union(passed, decided);
        }
        const delegated = table.union(remaining, passed);
        if (isolating.length > 0) {
          allowed = table.union(allowed, table.intersect(delegated, byRules[i]!));
        } else {
          let left = delegated;
          for (const part of baselineParts) {
            if (!part.vector[i] || left === ConnectionTable.NONE) continue;
            const decided = table.intersect(at(part, i), left);
            left = table.subtract(left, decided);
            if (part.action === 'Allow') allowed = table.union(allowed, decided);
          }
          allowed = table.union(allowed, left);
        }
        line[i] = allowed;
      }
    }
    this.lineCache.set(signature, line);
    return line;
  }

  private adminVector(key: string, peers: Endpoint[], rule: AdminRule): Vector {
    let vector = this.adminVectors.get(key);
    if (!vector) {
      vector = new Uint8Array(peers.length);
      for (let i = 0; i < peers.length; i++) if (rule.peers.some((p) => adminPeerMatches(this.model, p, peers[i]!))) vector[i] = 1;
      this.adminVectors.set(key, vector);
    }
    return vector;
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

