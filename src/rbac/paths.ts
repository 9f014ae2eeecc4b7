import { labelsOf, nameOf, namespaceOf } from '../core/k8s/object.js';
import { capabilities, capabilityGrants, grantsForCapabilities, type Capability } from './capability.js';
import type { RbacModel } from './model.js';
import { hostAccessOf } from './privilege.js';
import { describeGrant, type Grant } from './query.js';
import { compareSubjects, describeSubject, implicitGroups, serviceAccount, subjectKey, SYSTEM_MASTERS, type Subject } from './subject.js';

/** Where an escalation path ends. */
export type EscalationTarget = 'cluster-admin' | 'secrets' | 'nodes';
export const ESCALATION_TARGETS: readonly EscalationTarget[] = ['cluster-admin', 'nodes', 'secrets'];

/** One step of a path: what the holder does and the grant (if any) that allows it. */
export interface PathStep {
  from: string;
  to: string;
  /** Vertex ids: a subjectKey for identities. */
  fromId: string;
  toId: string;
  explanation: string;
  grant?: Grant;
  /** Not an action of the attacker: group membership, system:masters' bypass, picking one of a set. */
  membership?: boolean;
}

export interface EscalationPath {
  subject: Subject;
  target: EscalationTarget;
  steps: PathStep[];
}

interface Edge {
  to: string;
  /** What the step does; omitted for membership and choice steps, which are told by their target. */
  explanation?: string;
  /** `member`: the source is in the target group; `picks`: the target is one of the set the source stands for. */
  relation?: 'member' | 'picks';
  grant?: Grant;
  /** Not an action: group membership, system:masters' bypass, picking one of a set. Not counted as a step. */
  membership?: boolean;
}

/**
 * The escalation graph: identities (subjects) and intermediate capabilities ("a pod in
 * namespace x", "a node") as vertices, each edge one thing an attacker holding the source can
 * do to become the target. Built once from the model; queries are breadth-first searches.
 */
export interface EscalationGraph {
  edges: Map<string, Edge[]>;
  /** Every identity that can start a path: binding subjects, service accounts, workload identities. */
  principals: Map<string, Subject>;
  labels: Map<string, string>;
}

// Membership edges are shared: one object per group, whoever is in it.
const memberEdges = new Map<string, Edge>();
function memberOf(group: string): Edge {
  let edge = memberEdges.get(group);
  if (!edge) memberEdges.set(group, (edge = { to: subjectKey({ kind: 'Group', name: group }), relation: 'member', membership: true }));
  return edge;
}

const TARGET_VERTEX: Record<EscalationTarget, string> = { 'cluster-admin': 'target:cluster-admin', secrets: 'target:secrets', nodes: 'target:nodes' };
const NODE = 'target:nodes';
const ANY_NAMESPACE_PODS = 'pods:*';

const POD_CREATION: Capability[] = [
  ...capabilities(['create'], ['pods', 'replicationcontrollers'], ''),
  ...capabilities(['create', 'update', 'patch'], ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], 'apps'),
  ...capabilities(['create', 'update', 'patch'], ['jobs', 'cronjobs'], 'batch'),
];
const EXEC: Capability[] = capabilities(['create', 'get'], ['pods/exec', 'pods/attach'], '');
const RBAC = 'rbac.authorization.k8s.io';
const ENFORCED_LEVELS = new Set(['baseline', 'restricted']);

const cache = new WeakMap<RbacModel, EscalationGraph>();

/** The escalation graph of a model, built once. */
export function escalationGraphOf(model: RbacModel): EscalationGraph {
  let graph = cache.get(model);
  if (!graph) cache.set(model, (graph = buildEscalationGraph(model)));
  return graph;
}

export function buildEscalationGraph(model: RbacModel): EscalationGraph {
  const graph: EscalationGraph = { edges: new Map(), principals: new Map(), labels: new Map() };
  const add = (from: string, edge: Edge) => {
    let list = graph.edges.get(from);
    if (!list) graph.edges.set(from, (list = []));
    list.push(edge);
  };
  const principal = (subject: Subject, key = subjectKey(subject)): string => {
    if (!graph.principals.has(key)) {
      graph.principals.set(key, subject);
      for (const group of implicitGroups(subject)) add(key, memberOf(group));
    }
    return key;
  };
  // Edges are never changed once made: one object serves every subject of a binding.
  const holders = (grant: Grant, edge: Omit<Edge, 'grant'>) => {
    const shared: Edge = { ...edge, grant };
    const { subjects, subjectKeys } = grant.binding;
    for (let i = 0; i < subjects.length; i++) add(principal(subjects[i]!, subjectKeys[i]!), shared);
  };
  /** Adds the edge from each subject of the grant's binding, once per subject and target vertex. */
  const seenEdge = new Map<string, Set<string>>();
  const holdersOnce = (grant: Grant, edge: Omit<Edge, 'grant'>) => {
    let seen = seenEdge.get(edge.to);
    if (!seen) seenEdge.set(edge.to, (seen = new Set()));
    let shared: Edge | undefined;
    const { subjects, subjectKeys } = grant.binding;
    for (let i = 0; i < subjects.length; i++) {
      const key = subjectKeys[i]!;
      if (seen.has(key)) continue;
      seen.add(key);
      add(principal(subjects[i]!, key), (shared ??= { ...edge, grant }));
    }
  };

  // Service accounts known to exist, by namespace: declared, named by bindings, used by workloads, `default`.
  const accounts = new Map<string, Set<string>>();
  const known = (namespace: string, name: string) => {
    let set = accounts.get(namespace);
    if (!set) accounts.set(namespace, (set = new Set(['default'])));
    set.add(name);
  };
  for (const key of model.serviceAccounts.keys()) known(key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1));
  for (const subject of model.subjects.values()) if (subject.kind === 'ServiceAccount') known(subject.namespace!, subject.name);
  for (const w of model.workloads) known(w.namespace, w.serviceAccount.name);
  for (const ns of model.namespaces) known(ns, 'default');
  for (const [ns, names] of accounts) for (const name of names) principal(serviceAccount(ns, name));
  for (const subject of model.subjects.values()) principal(subject);

  // system:masters passes every check.
  const masters = subjectKey({ kind: 'Group', name: SYSTEM_MASTERS });
  add(masters, { to: TARGET_VERTEX['cluster-admin'], explanation: 'members of system:masters bypass authorization', membership: true });

  // Full control, directly.
  for (const grant of capabilityGrants(model, { verb: '*', resource: '*', apiGroup: '*' })) {
    if (grant.namespace === undefined) holders(grant, { to: TARGET_VERTEX['cluster-admin'], explanation: 'holds every verb on every resource cluster-wide' });
  }
  // Cluster-wide secret read: every credential stored in the cluster.
  for (const capability of capabilities(['list', 'get'], ['secrets'], '')) {
    for (const grant of capabilityGrants(model, capability)) {
      if (grant.namespace === undefined && grant.effective.resourceNames.length === 0) {
        holdersOnce(grant, { to: TARGET_VERTEX.secrets, explanation: `can ${capability.verb} secrets in every namespace` });
      }
    }
  }
  // bind/escalate on clusterroles plus creating cluster role bindings: bind cluster-admin to oneself.
  const canBindClusterWide = new Set<string>();
  for (const capability of capabilities(['create'], ['clusterrolebindings'], RBAC)) {
    for (const grant of capabilityGrants(model, capability)) for (const s of grant.binding.subjects) canBindClusterWide.add(subjectKey(s));
  }
  for (const capability of capabilities(['bind', 'escalate'], ['clusterroles'], RBAC)) {
    for (const grant of capabilityGrants(model, capability)) {
      if (grant.namespace !== undefined) continue;
      const names = grant.effective.resourceNames;
      if (capability.verb === 'bind' && names.length > 0 && !names.includes('cluster-admin')) continue;
      for (const subject of grant.binding.subjects) {
        const key = subjectKey(subject);
        if (capability.verb === 'escalate') {
          add(principal(subject), { to: TARGET_VERTEX['cluster-admin'], grant, explanation: 'can escalate clusterroles: edit a role it holds to grant everything' });
        } else if (canBindClusterWide.has(key)) {
          add(principal(subject), { to: TARGET_VERTEX['cluster-admin'], grant, explanation: 'can bind cluster-admin and create clusterrolebindings: bind cluster-admin to itself' });
        }
      }
    }
  }

  // "Any service account of a namespace" and "any user" are vertices of their own, so that a
  // cluster-wide grant is one edge, not one per account.
  const ANY_ACCOUNT = 'accounts:*';
  graph.labels.set(ANY_ACCOUNT, 'any service account');
  for (const [ns, names] of accounts) {
    const vertex = `accounts:${ns}`;
    graph.labels.set(vertex, `any service account of namespace ${ns}`);
    add(ANY_ACCOUNT, { to: vertex, explanation: `one of namespace ${ns}`, membership: true });
    for (const name of names) add(vertex, { to: principal(serviceAccount(ns, name)), relation: 'picks', membership: true });
  }
  const ANY_USER = 'users:*';
  graph.labels.set(ANY_USER, 'any user');
  for (const [key, subject] of graph.principals) {
    if (subject.kind === 'User') add(ANY_USER, { to: key, relation: 'picks', membership: true });
  }
  /** Where a grant about service accounts leads: named accounts, or every account of its scope. */
  const accountTargets = (grant: Grant): { to: string; what: string }[] => {
    const names = grant.effective.resourceNames;
    if (names.length === 0) {
      return grant.namespace === undefined
        ? [{ to: ANY_ACCOUNT, what: 'any service account' }]
        : [{ to: `accounts:${grant.namespace}`, what: `any service account of namespace ${grant.namespace}` }];
    }
    const namespaces = grant.namespace !== undefined ? [grant.namespace] : [...accounts.keys()];
    return namespaces.flatMap((ns) =>
      names.filter((n) => accounts.get(ns)?.has(n)).map((n) => ({ to: principal(serviceAccount(ns, n)), what: `ServiceAccount ${ns}/${n}` })),
    );
  };

  // Impersonation and token minting: become the named identity.
  for (const kind of ['users', 'groups'] as const) {
    for (const grant of capabilityGrants(model, { verb: 'impersonate', resource: kind, apiGroup: '' })) {
      const names = grant.effective.resourceNames;
      const subjectKind = kind === 'groups' ? 'Group' : 'User';
      let targets: { to: string; what: string }[];
      if (names.length > 0) {
        targets = names.map((name) => {
          const target: Subject = { kind: subjectKind, name };
          return { to: subjectKey(target), what: describeSubject(target) };
        });
      } else if (kind === 'groups') {
        targets = [{ to: masters, what: `Group ${SYSTEM_MASTERS}` }];
      } else {
        targets = [{ to: ANY_USER, what: 'any user' }];
      }
      for (const { to, what } of targets) holders(grant, { to, explanation: `can impersonate ${what}` });
    }
  }
  for (const grant of capabilityGrants(model, { verb: 'impersonate', resource: 'serviceaccounts', apiGroup: '' })) {
    for (const { to, what } of accountTargets(grant)) holders(grant, { to, explanation: `can impersonate ${what}` });
  }
  for (const grant of capabilityGrants(model, { verb: 'create', resource: 'serviceaccounts/token', apiGroup: '' })) {
    for (const { to, what } of accountTargets(grant)) holders(grant, { to, explanation: `can create a token for ${what}` });
  }

  // Pods: run as any service account of the namespace; where privileged pods are admitted, own the node.
  const enforced = new Set<string>();
  for (const ns of model.namespaceObjects) {
    if (ENFORCED_LEVELS.has(labelsOf(ns.object)['pod-security.kubernetes.io/enforce'] ?? '')) enforced.add(nameOf(ns.object));
  }
  graph.labels.set(ANY_NAMESPACE_PODS, 'a pod in any namespace');
  for (const ns of accounts.keys()) {
    const vertex = `pods:${ns}`;
    graph.labels.set(vertex, `a pod in namespace ${ns}`);
    add(ANY_NAMESPACE_PODS, { to: vertex, explanation: `runs it in namespace ${ns}`, membership: true });
    add(vertex, { to: `accounts:${ns}`, explanation: `runs it as a service account of namespace ${ns} and reads the mounted token` });
    if (!enforced.has(ns)) add(vertex, { to: NODE, explanation: `makes it privileged with a hostPath of / (namespace ${ns} does not enforce Pod Security baseline): the node is taken` });
  }
  for (const { grant, capabilities: allowed } of grantsForCapabilities(model, POD_CREATION)) {
    const vertex = grant.namespace === undefined ? ANY_NAMESPACE_PODS : `pods:${grant.namespace}`;
    if (!graph.labels.has(vertex)) continue;
    const capability = allowed[0]!;
    const where = grant.namespace === undefined ? 'in every namespace' : `in namespace ${grant.namespace}`;
    holdersOnce(grant, { to: vertex, explanation: `can ${capability.verb} ${capability.resource} ${where}, so creates a pod` });
  }

  // Exec into a running pod: its token; into a pod with host access: its node.
  for (const w of model.workloads) {
    const vertex = `exec:${w.namespace}`;
    graph.labels.set(vertex, `a shell in a pod of namespace ${w.namespace}`);
    const label = `${w.entry.object.kind} ${w.namespace}/${nameOf(w.entry.object)}`;
    if (w.tokenMounted) add(vertex, { to: principal(w.serviceAccount), explanation: `in ${label}, reads the token of ${describeSubject(w.serviceAccount)}` });
    if (hostAccessOf(w.workload).length > 0) add(vertex, { to: NODE, explanation: `in ${label}, which has host access: the node is taken` });
  }
  const workloadNamespaces = [...new Set(model.workloads.map((w) => w.namespace))];
  for (const { grant, capabilities: allowed } of grantsForCapabilities(model, EXEC)) {
    const namespaces = grant.namespace === undefined ? workloadNamespaces : [grant.namespace];
    const capability = allowed[0]!;
    for (const ns of namespaces) {
      const vertex = `exec:${ns}`;
      if (graph.edges.has(vertex)) holdersOnce(grant, { to: vertex, explanation: `can ${capability.verb} ${capability.resource} in namespace ${ns}` });
    }
  }
  // nodes/proxy reaches the kubelet of every node: exec in any pod there.
  for (const grant of capabilityGrants(model, { verb: 'create', resource: 'nodes/proxy', apiGroup: '' })) {
    holders(grant, { to: NODE, explanation: 'can use nodes/proxy: runs commands in any pod through the kubelet' });
  }
  // A node holds the kubelet's credentials and the token of every pod scheduled on it.
  graph.labels.set(NODE, 'a node');
  const nodeGroup = subjectKey({ kind: 'Group', name: 'system:nodes' });
  add(NODE, { to: nodeGroup, explanation: "uses the kubelet's credentials (group system:nodes)" });
  const seenToken = new Set<string>();
  for (const w of model.workloads) {
    const key = subjectKey(w.serviceAccount);
    if (!w.tokenMounted || seenToken.has(key)) continue;
    seenToken.add(key);
    add(NODE, { to: principal(w.serviceAccount), explanation: `reads the token of ${describeSubject(w.serviceAccount)} from a pod of ${w.entry.object.kind} ${w.namespace}/${nameOf(w.entry.object)} on the node` });
  }
  // Legacy token secrets: whoever reads secrets in a namespace holds those accounts' tokens.
  for (const secret of model.tokenSecrets) {
    const ns = namespaceOf(secret.object) ?? 'default';
    const account = serviceAccount(ns, secret.object.metadata?.annotations?.['kubernetes.io/service-account.name'] ?? '');
    const vertex = `secrets:${ns}`;
    graph.labels.set(vertex, `the secrets of namespace ${ns}`);
    add(vertex, { to: principal(account), explanation: `include the token Secret ${ns}/${nameOf(secret.object)} of ${describeSubject(account)}` });
  }
  const secretNamespaces = [...new Set(model.tokenSecrets.map((s) => namespaceOf(s.object) ?? 'default'))];
  for (const grant of capabilityGrants(model, { verb: 'get', resource: 'secrets', apiGroup: '' })) {
    const namespaces = grant.namespace === undefined ? secretNamespaces : [grant.namespace];
    for (const ns of namespaces) {
      const vertex = `secrets:${ns}`;
      if (graph.edges.has(vertex)) holdersOnce(grant, { to: vertex, explanation: `can get secrets in namespace ${ns}` });
    }
  }
  for (const target of ESCALATION_TARGETS) graph.labels.set(TARGET_VERTEX[target], target === 'nodes' ? 'a node' : target === 'secrets' ? 'every secret' : 'cluster-admin');
  return graph;
}

/** How a vertex is named: subjects by kind and name, the others by their label. */
function labelOf(graph: EscalationGraph, id: string): string {
  const label = graph.labels.get(id);
  if (label !== undefined) return label;
  const subject = graph.principals.get(id);
  if (subject) return describeSubject(subject);
  // Groups and impersonated identities not otherwise named: `Group:x` → `Group x`.
  const colon = id.indexOf(':');
  return colon > 0 ? `${id.slice(0, colon)} ${id.slice(colon + 1)}` : id;
}

function stepsOf(graph: EscalationGraph, vertices: string[], edges: Edge[]): PathStep[] {
  return edges.map((edge, i) => {
    const to = labelOf(graph, edge.to);
    const explanation = edge.explanation ?? (edge.relation === 'member' ? `is a member of ${to.replace(/^Group /, 'group ')}` : `picks ${to}`);
    const step: PathStep = {
      from: labelOf(graph, vertices[i]!),
      to,
      fromId: vertices[i]!,
      toId: edge.to,
      explanation,
    };
    if (edge.membership) step.membership = true;
    if (edge.grant) step.grant = edge.grant;
    return step;
  });
}

/** Shortest paths from one subject to each target it can reach (breadth-first). */
export function pathsFrom(graph: EscalationGraph, subject: Subject, targets: readonly EscalationTarget[] = ESCALATION_TARGETS): EscalationPath[] {
  const start = subjectKey(subject);
  const previous = new Map<string, { from: string; edge: Edge } | null>([[start, null]]);
  const queue = [start];
  // A subject no binding names still acts through its implicit groups.
  if (!graph.principals.has(start)) {
    for (const group of implicitGroups(subject)) {
      const edge = memberOf(group);
      previous.set(edge.to, { from: start, edge });
      queue.push(edge.to);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const vertex = queue[i]!;
    for (const edge of graph.edges.get(vertex) ?? []) {
      if (previous.has(edge.to)) continue;
      previous.set(edge.to, { from: vertex, edge });
      queue.push(edge.to);
    }
  }
  const paths: EscalationPath[] = [];
  for (const target of targets) {
    const end = TARGET_VERTEX[target];
    if (!previous.has(end)) continue;
    const vertices: string[] = [];
    const edges: Edge[] = [];
    for (let at = previous.get(end); at; at = previous.get(at.from)) {
      edges.unshift(at.edge);
      vertices.unshift(at.from);
    }
    paths.push({ subject, target, steps: stepsOf(graph, vertices, edges) });
  }
  return sortPaths(paths);
}

/**
 * The shortest path to a target from every principal that can reach it: one breadth-first
 * search backwards from the target, so the cost is that of the graph, not of the subjects.
 */
export function pathsTo(graph: EscalationGraph, target: EscalationTarget): EscalationPath[] {
  const reverse = new Map<string, { from: string; edge: Edge }[]>();
  for (const [from, edges] of graph.edges) {
    for (const edge of edges) {
      let list = reverse.get(edge.to);
      if (!list) reverse.set(edge.to, (list = []));
      list.push({ from, edge });
    }
  }
  const end = TARGET_VERTEX[target];
  // next: for each vertex, the first edge of its shortest path towards the target.
  const next = new Map<string, Edge | null>([[end, null]]);
  const queue = [end];
  for (let i = 0; i < queue.length; i++) {
    const vertex = queue[i]!;
    for (const { from, edge } of reverse.get(vertex) ?? []) {
      if (next.has(from)) continue;
      next.set(from, edge);
      queue.push(from);
    }
  }
  const paths: EscalationPath[] = [];
  for (const [key, subject] of graph.principals) {
    if (!next.has(key)) continue;
    const vertices: string[] = [];
    const edges: Edge[] = [];
    for (let at = key, edge = next.get(at); edge; at = edge.to, edge = next.get(at)) {
      vertices.push(at);
      edges.push(edge);
    }
    paths.push({ subject, target, steps: stepsOf(graph, vertices, edges) });
  }
  return sortPaths(paths);
}

/** Fewest actions first, then fewest steps, then by subject. */
function sortPaths(paths: EscalationPath[]): EscalationPath[] {
  const actions = new Map(paths.map((p) => [p, actionCount(p)]));
  return paths.sort((a, b) => actions.get(a)! - actions.get(b)! || a.steps.length - b.steps.length || compareSubjects(a.subject, b.subject));
}

/** Steps that are actions (not group membership): how many things the attacker must do. */
export function actionCount(path: EscalationPath): number {
  return path.steps.filter((s) => !s.membership).length;
}

export function describePath(path: EscalationPath): string {
  return [describeSubject(path.subject), ...path.steps.map((s) => `${s.explanation} → ${s.to}`)].join(' → ');
}

export function pathJson(path: EscalationPath): Record<string, unknown> {
  return {
    target: path.target,
    steps: path.steps.map((s) => ({ from: s.from, to: s.to, explanation: s.explanation, ...(s.grant ? { via: describeGrant(s.grant) } : {}) })),
  };
}
