import type { Inventory } from '../core/inventory.js';
import { connections, endpointName, exposure, formatConnections, isEmpty, networkModelOf } from '../network/index.js';
import { describeRule, describeSubject, ESCALATION_TARGETS, escalationGraphOf, pathsTo, rbacModelOf, roleKey, subjectKey } from '../rbac/index.js';

export interface GraphNode {
  id: string;
  type: 'subject' | 'binding' | 'role' | 'permission';
  label: string;
  namespace?: string;
  /** On at least one escalation path. */
  escalation?: boolean;
}

export interface RbacGraph {
  nodes: GraphNode[];
  edges: { from: string; to: string; escalation?: boolean }[];
  paths: { subject: string; target: string; steps: string[] }[];
  /** Paths beyond the stored limit. */
  morePaths: number;
}

export interface NetworkNode {
  id: string;
  namespace: string;
  name: string;
  kind: string;
  /** How it is reachable from outside the cluster (LoadBalancer, NodePort, Ingress), if it is. */
  exposed?: string;
}

export interface NetworkGraph {
  nodes: NetworkNode[];
  edges: { from: string; to: string; ports: string }[];
  /**
   * More connections exist than are stored: a cluster without policies has one per ordered pair
   * of workloads, so the list stops at the limit instead of being counted to the end.
   */
  truncated: boolean;
}

const MAX_PATHS = 300;
const MAX_EDGES = 5000;

const bindingId = (kind: string, namespace: string | undefined, name: string): string => `${kind}:${namespace ?? ''}/${name}`;

/**
 * Subjects → bindings → roles → permissions, as the RBAC model resolves them (aggregation
 * included), with the escalation analyser's shortest paths marked on the nodes and edges they use.
 */
export function rbacGraphOf(inventory: Inventory): RbacGraph {
  const model = rbacModelOf(inventory);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, { from: string; to: string; escalation?: boolean }>();
  const edge = (from: string, to: string): void => {
    const key = `${from}\u0000${to}`;
    if (!edges.has(key)) edges.set(key, { from, to });
  };
  for (const binding of model.bindings) {
    const bid = bindingId(binding.kind, binding.namespace, binding.name);
    nodes.set(bid, { id: bid, type: 'binding', label: `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name}`, ...(binding.namespace ? { namespace: binding.namespace } : {}) });
    binding.subjects.forEach((subject, i) => {
      const sid = binding.subjectKeys[i]!;
      if (!nodes.has(sid)) nodes.set(sid, { id: sid, type: 'subject', label: describeSubject(subject), ...(subject.namespace ? { namespace: subject.namespace } : {}) });
      edge(sid, bid);
    });
    const role = binding.role;
    const rid = role ? roleKey(role.kind, role.namespace, role.name) : roleKey(binding.roleRef.kind, binding.namespace, binding.roleRef.name);
    if (!nodes.has(rid)) {
      nodes.set(rid, { id: rid, type: 'role', label: role ? `${role.kind} ${role.namespace ? `${role.namespace}/` : ''}${role.name}` : `${binding.roleRef.kind} ${binding.roleRef.name} (missing)`, ...(role?.namespace ? { namespace: role.namespace } : {}) });
      for (const r of role?.rules ?? []) {
        const text = describeRule(r.rule);
        const pid = `perm:${text}`;
        if (!nodes.has(pid)) nodes.set(pid, { id: pid, type: 'permission', label: text });
        edge(rid, pid);
      }
    }
    edge(bid, rid);
  }
  const graph = escalationGraphOf(model);
  const paths: RbacGraph['paths'] = [];
  let total = 0;
  for (const target of ESCALATION_TARGETS) {
    for (const path of pathsTo(graph, target)) {
      total++;
      if (paths.length >= MAX_PATHS) continue;
      paths.push({ subject: describeSubject(path.subject), target, steps: path.steps.map((s) => `${s.explanation} → ${s.to}`) });
      const sid = subjectKey(path.subject);
      markEscalation(nodes, sid);
      for (const step of path.steps) {
        if (!step.grant) continue;
        const bid = bindingId(step.grant.binding.kind, step.grant.binding.namespace, step.grant.binding.name);
        const rid = roleKey(step.grant.role.kind, step.grant.role.namespace, step.grant.role.name);
        const pid = `perm:${describeRule(step.grant.rule.rule)}`;
        for (const id of [bid, rid, pid]) markEscalation(nodes, id);
        for (const [a, b] of [[bid, rid], [rid, pid]] as const) {
          const e = edges.get(`${a}\u0000${b}`);
          if (e) e.escalation = true;
        }
        for (const sk of step.grant.binding.subjectKeys) {
          const e = edges.get(`${sk}\u0000${bid}`);
          if (e && nodes.get(sk)?.escalation) e.escalation = true;
        }
      }
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], paths, morePaths: total - paths.length };
}

function markEscalation(nodes: Map<string, GraphNode>, id: string): void {
  const node = nodes.get(id);
  if (node) node.escalation = true;
}

/**
 * Workloads grouped by namespace, the connections NetworkPolicies allow between them, and which
 * workloads are reachable from outside the cluster (LoadBalancer or NodePort Service, Ingress).
 */
export function networkGraphOf(inventory: Inventory): NetworkGraph {
  const model = networkModelOf(inventory);
  const nodes: NetworkNode[] = exposure(model).map((e) => {
    const w = e.workload;
    const node: NetworkNode = { id: endpointName(w), namespace: w.namespace, name: w.name, kind: w.kind };
    if (!isEmpty(e.exposedOutside)) {
      const via = [...e.services.filter((s) => !isEmpty(s.reachable)).map((s) => `${s.type} ${s.service}`), ...(!isEmpty(e.viaIngress) ? ['Ingress'] : [])];
      node.exposed = `${via.join(', ')}: ${formatConnections(e.exposedOutside)}`;
    }
    return node;
  });
  const edges: NetworkGraph['edges'] = [];
  let truncated = false;
  for (const c of connections(model)) {
    if (c.source.type !== 'workload' || c.destination.type !== 'workload') continue;
    if (edges.length >= MAX_EDGES) {
      truncated = true;
      break;
    }
    edges.push({ from: endpointName(c.source), to: endpointName(c.destination), ports: formatConnections(c.connections) });
  }
  return { nodes, edges, truncated };
}
