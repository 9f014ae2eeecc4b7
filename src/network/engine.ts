import type { AdminPeer, AdminPolicyModel, AdminRule, AdminSelection } from './admin-policy.js';
import {
  ALL_CONNECTIONS,
  NO_CONNECTIONS,
  intersect,
  isEmpty,
  portRange,
  protocolAll,
  subtract,
  union,
  type ConnectionSet,
  type Protocol,
} from './connections.js';
import { containsRange } from './ip.js';
import { namespaceLabelsOf, type Endpoint, type NetworkModel, type WorkloadEndpoint } from './model.js';
import type { Direction, NetworkPolicyModel, PolicyPeer, PolicyRule } from './policy.js';

/**
 * The semantics of one direction of one connection, exactly as the API documents it:
 *
 * 1. AdminNetworkPolicies whose subject holds the pod, by priority, rules in order: the first rule
 *    that matches a connection decides it (Allow, Deny, or Pass it on).
 * 2. NetworkPolicies: a pod is isolated for a direction only when some policy selecting it lists
 *    that direction; then a connection is allowed when any rule of any such policy allows it.
 * 3. The BaselineAdminNetworkPolicy decides what no NetworkPolicy isolates; the rest is allowed.
 *
 * Ingress is decided by the destination's policies, egress by the source's; a connection needs
 * both. External addresses and the ingress controller are not pods: no policy restricts them.
 */

export function isUnderPolicy(model: NetworkModel, endpoint: WorkloadEndpoint): boolean {
  return !(endpoint.hostNetwork && model.options.hostNetwork === 'node');
}

export function policySelects(model: NetworkModel, policy: NetworkPolicyModel, endpoint: WorkloadEndpoint): boolean {
  return policy.namespace === endpoint.namespace && isUnderPolicy(model, endpoint) && policy.podSelector.matches(endpoint.labels);
}

/** The NetworkPolicies that isolate the endpoint for a direction. */
export function isolatingPolicies(model: NetworkModel, endpoint: WorkloadEndpoint, direction: Direction): NetworkPolicyModel[] {
  return (model.policiesByNamespace.get(endpoint.namespace) ?? []).filter((p) => p.affects[direction] && policySelects(model, p, endpoint));
}

export function peerMatches(model: NetworkModel, policy: NetworkPolicyModel, peer: PolicyPeer, endpoint: Endpoint): boolean {
  if (peer.invalid) return false;
  switch (endpoint.type) {
    case 'external':
      return peer.ipBlock !== undefined && containsRange(peer.ipBlock.addresses, endpoint.lo, endpoint.hi);
    case 'ingress-controller':
      // The controller runs in a namespace we do not see: only "every namespace" selects it for sure.
      return peer.namespaceSelector?.empty === true && (peer.podSelector === undefined || peer.podSelector.empty);
    case 'workload': {
      if (peer.ipBlock || !isUnderPolicy(model, endpoint)) return false;
      const namespaceOk = peer.namespaceSelector
        ? peer.namespaceSelector.matches(namespaceLabelsOf(model, endpoint.namespace))
        : endpoint.namespace === policy.namespace;
      return namespaceOk && (peer.podSelector === undefined || peer.podSelector.matches(endpoint.labels));
    }
  }
}

export function ruleSelectsPeer(model: NetworkModel, policy: NetworkPolicyModel, rule: PolicyRule, endpoint: Endpoint): boolean {
  return rule.peers === undefined || rule.peers.some((peer) => peerMatches(model, policy, peer, endpoint));
}

/** Resolves a named port against the destination pod's container ports (same name and protocol). */
export function resolveNamedPort(destination: Endpoint, name: string, protocol: Protocol | undefined): ConnectionSet {
  if (destination.type !== 'workload') return NO_CONNECTIONS;
  let out = NO_CONNECTIONS;
  for (const p of destination.ports) {
    if (p.name === name && (protocol === undefined || p.protocol === protocol)) out = union(out, portRange(p.protocol, p.port, p.port));
  }
  return out;
}

/** The connections a rule's ports allow towards a destination. */
export function ruleConnections(rule: PolicyRule, destination: Endpoint): ConnectionSet {
  if (rule.ports === undefined) return ALL_CONNECTIONS;
  let out = NO_CONNECTIONS;
  for (const p of rule.ports) {
    let part: ConnectionSet;
    if (p.port === undefined) part = protocolAll(p.protocol);
    else if (typeof p.port === 'number') part = portRange(p.protocol, p.port, p.endPort ?? p.port);
    else part = resolveNamedPort(destination, p.port, p.protocol);
    out = union(out, part);
  }
  return out;
}

export function hasNamedPorts(rule: PolicyRule): boolean {
  return rule.ports !== undefined && rule.ports.some((p) => typeof p.port === 'string');
}

function selectionMatches(model: NetworkModel, selection: AdminSelection, endpoint: Endpoint): boolean {
  if (endpoint.type === 'ingress-controller') {
    // A pod we know nothing about: only a selection of every pod in every namespace holds it.
    return 'namespaces' in selection ? selection.namespaces.empty : selection.pods.namespaceSelector.empty && selection.pods.podSelector.empty;
  }
  if (endpoint.type !== 'workload' || !isUnderPolicy(model, endpoint)) return false;
  const nsLabels = namespaceLabelsOf(model, endpoint.namespace);
  if ('namespaces' in selection) return selection.namespaces.matches(nsLabels);
  return selection.pods.namespaceSelector.matches(nsLabels) && selection.pods.podSelector.matches(endpoint.labels);
}

export function adminSubjectSelects(model: NetworkModel, policy: AdminPolicyModel, endpoint: WorkloadEndpoint): boolean {
  return selectionMatches(model, policy.subject, endpoint);
}

export function adminPeerMatches(model: NetworkModel, peer: AdminPeer, endpoint: Endpoint): boolean {
  if ('networks' in peer) return endpoint.type === 'external' && containsRange(peer.networks, endpoint.lo, endpoint.hi);
  // Node peers select nodes, which are not among the endpoints we model.
  if ('nodes' in peer) return false;
  return selectionMatches(model, peer, endpoint);
}

export function adminRuleConnections(rule: AdminRule, destination: Endpoint): ConnectionSet {
  if (rule.ports === undefined) return ALL_CONNECTIONS;
  let out = NO_CONNECTIONS;
  for (const p of rule.ports) {
    if ('namedPort' in p) out = union(out, resolveNamedPort(destination, p.namedPort, undefined));
    else if ('start' in p) out = union(out, portRange(p.protocol, p.start, p.end));
    else out = union(out, portRange(p.protocol, p.port, p.port));
  }
  return out;
}

export interface RuleMatch {
  policy: NetworkPolicyModel;
  rule: PolicyRule;
  /** What the rule allows to the destination (empty when its named ports do not resolve). */
  connections: ConnectionSet;
}

export interface AdminStep {
  policy: AdminPolicyModel;
  rule: AdminRule;
  /** The connections this rule decided (those no earlier rule had decided). */
  connections: ConnectionSet;
}

export interface DirectionVerdict {
  direction: Direction;
  /** The endpoint whose policies decide: the destination for ingress, the source for egress. */
  subject: Endpoint;
  /** The other end, which rules must select. */
  peer: Endpoint;
  allowed: ConnectionSet;
  /** Set when nothing restricts this direction, with the reason. */
  unrestricted?: 'no-policy' | 'not-a-pod' | 'host-network';
  admin: AdminStep[];
  /** NetworkPolicies isolating the subject for this direction. */
  isolating: NetworkPolicyModel[];
  /** Rules of the isolating policies that select the peer. */
  ruleMatches: RuleMatch[];
  /** Connections the NetworkPolicy layer was asked about (after AdminNetworkPolicies). */
  delegated: ConnectionSet;
  baseline: AdminStep[];
}

export function evaluateDirection(model: NetworkModel, direction: Direction, source: Endpoint, destination: Endpoint): DirectionVerdict {
  const subject = direction === 'Ingress' ? destination : source;
  const peer = direction === 'Ingress' ? source : destination;
  const verdict: DirectionVerdict = {
    direction,
    subject,
    peer,
    allowed: ALL_CONNECTIONS,
    admin: [],
    isolating: [],
    ruleMatches: [],
    delegated: ALL_CONNECTIONS,
    baseline: [],
  };
  if (subject.type !== 'workload') return { ...verdict, unrestricted: 'not-a-pod' };
  if (!isUnderPolicy(model, subject)) return { ...verdict, unrestricted: 'host-network' };

  let allowed = NO_CONNECTIONS;
  let remaining = ALL_CONNECTIONS;
  let passed = NO_CONNECTIONS;
  let baselinePolicy: AdminPolicyModel | undefined;
  for (const policy of model.adminPolicies) {
    if (!adminSubjectSelects(model, policy, subject)) continue;
    if (policy.kind === 'BaselineAdminNetworkPolicy') {
      baselinePolicy = policy;
      continue;
    }
    for (const rule of policy.rules[direction]) {
      if (isEmpty(remaining)) break;
      if (!rule.peers.some((p) => adminPeerMatches(model, p, peer))) continue;
      const decided = intersect(adminRuleConnections(rule, destination), remaining);
      if (isEmpty(decided)) continue;
      verdict.admin.push({ policy, rule, connections: decided });
      remaining = subtract(remaining, decided);
      if (rule.action === 'Allow') allowed = union(allowed, decided);
      else if (rule.action === 'Pass') passed = union(passed, decided);
    }
  }
  const delegated = union(remaining, passed);
  verdict.delegated = delegated;
  verdict.isolating = isolatingPolicies(model, subject, direction);
  if (verdict.isolating.length > 0) {
    let byRules = NO_CONNECTIONS;
    for (const policy of verdict.isolating) {
      for (const rule of policy.rules[direction]) {
        if (!ruleSelectsPeer(model, policy, rule, peer)) continue;
        const connections = ruleConnections(rule, destination);
        verdict.ruleMatches.push({ policy, rule, connections });
        byRules = union(byRules, connections);
      }
    }
    allowed = union(allowed, intersect(delegated, byRules));
  } else {
    let left = delegated;
    if (baselinePolicy) {
      for (const rule of baselinePolicy.rules[direction]) {
        if (isEmpty(left)) break;
        if (!rule.peers.some((p) => adminPeerMatches(model, p, peer))) continue;
        const decided = intersect(adminRuleConnections(rule, destination), left);
        if (isEmpty(decided)) continue;
        verdict.baseline.push({ policy: baselinePolicy, rule, connections: decided });
        left = subtract(left, decided);
        if (rule.action === 'Allow') allowed = union(allowed, decided);
      }
    }
    allowed = union(allowed, left);
    if (verdict.admin.length === 0 && verdict.baseline.length === 0) verdict.unrestricted = 'no-policy';
  }
  verdict.allowed = allowed;
  return verdict;
}

export interface PairVerdict {
  source: Endpoint;
  destination: Endpoint;
  /** Egress allowed at the source AND ingress allowed at the destination. */
  allowed: ConnectionSet;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

export function evaluatePair(model: NetworkModel, source: Endpoint, destination: Endpoint): PairVerdict {
  const egress = evaluateDirection(model, 'Egress', source, destination);
  const ingress = evaluateDirection(model, 'Ingress', source, destination);
  return { source, destination, allowed: intersect(egress.allowed, ingress.allowed), egress, ingress };
}
