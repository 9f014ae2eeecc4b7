import type { InventoryEntry } from '../core/inventory.js';
import { isRecord, nameOf } from '../core/k8s/object.js';
import type { FieldPath } from '../core/path.js';
import { isProtocol, type Protocol } from './connections.js';
import { normalize, parseCidr, type IntervalSet } from './ip.js';
import type { Direction, PolicyProblem } from './policy.js';
import { compileSelector, type Selector } from '../core/k8s/selector.js';

/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1).
 * Cluster-scoped; an ANP is evaluated before NetworkPolicies (lower priority number first, rules
 * in order, the first matching rule decides: Allow, Deny, or Pass to the NetworkPolicies); the
 * BANP is evaluated after them, for traffic no NetworkPolicy isolates.
 */
export type AdminAction = 'Allow' | 'Deny' | 'Pass';

export type AdminSelection = { namespaces: Selector } | { pods: { namespaceSelector: Selector; podSelector: Selector } };

export type AdminPeer = AdminSelection | { networks: IntervalSet; cidrs: string[] } | { nodes: Selector };

export type AdminPort =
  | { protocol: Protocol; port: number }
  | { protocol: Protocol; start: number; end: number }
  | { namedPort: string };

export interface AdminRule {
  index: number;
  name: string;
  action: AdminAction;
  peers: AdminPeer[];
  /** Undefined: every port. */
  ports?: AdminPort[];
}

export interface AdminPolicyModel {
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  name: string;
  /** 0-1000 for an ANP, lower first; the BANP sorts after every ANP. */
  priority: number;
  entry: InventoryEntry;
  subject: AdminSelection;
  rules: Record<Direction, AdminRule[]>;
}

export function isAdminPolicy(entry: InventoryEntry): boolean {
  const { apiVersion, kind } = entry.object;
  return (kind === 'AdminNetworkPolicy' || kind === 'BaselineAdminNetworkPolicy') && apiVersion.startsWith('policy.networking.k8s.io/');
}

export function parseAdminPolicy(entry: InventoryEntry, problems: PolicyProblem[]): AdminPolicyModel | undefined {
  const object = entry.object;
  const kind = object.kind as AdminPolicyModel['kind'];
  const spec = isRecord(object.spec) ? object.spec : {};
  const problem = (path: FieldPath, message: string) => problems.push({ entry, path, message });
  let priority = Number.POSITIVE_INFINITY;
  if (kind === 'AdminNetworkPolicy') {
    if (typeof spec.priority !== 'number' || !Number.isInteger(spec.priority) || spec.priority < 0 || spec.priority > 1000) {
      problem(['spec', 'priority'], 'priority must be an integer from 0 to 1000');
      return undefined;
    }
    priority = spec.priority;
  }
  const subject = parseSelection(spec.subject, ['spec', 'subject'], problem);
  if (!subject) return undefined;
  const allowed: readonly AdminAction[] = kind === 'AdminNetworkPolicy' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  return {
    kind,
    name: nameOf(object),
    priority,
    entry,
    subject,
    rules: {
      Ingress: parseRules(spec.ingress, 'from', ['spec', 'ingress'], allowed, problem),
      Egress: parseRules(spec.egress, 'to', ['spec', 'egress'], allowed, problem),
    },
  };
}

type Report = (path: FieldPath, message: string) => void;

function parseSelection(raw: unknown, path: FieldPath, problem: Report): AdminSelection | undefined {
  if (isRecord(raw) && raw.namespaces != null) return { namespaces: compileSelector(raw.namespaces) };
  if (isRecord(raw) && isRecord(raw.pods)) {
    return { pods: { namespaceSelector: compileSelector(raw.pods.namespaceSelector), podSelector: compileSelector(raw.pods.podSelector) } };
  }
  problem(path, 'set exactly one of namespaces or pods');
  return undefined;
}

function parseRules(raw: unknown, field: 'from' | 'to', path: FieldPath, actions: readonly AdminAction[], problem: Report): AdminRule[] {
  if (!Array.isArray(raw)) return [];
  const out: AdminRule[] = [];
  raw.forEach((rule, index) => {
    const rulePath = [...path, index];
    if (!isRecord(rule)) return;
    const action = String(rule.action) as AdminAction;
    if (!actions.includes(action)) {
      problem([...rulePath, 'action'], `action must be one of ${actions.join(', ')}`);
      return;
    }
    const peers: AdminPeer[] = [];
    (Array.isArray(rule[field]) ? (rule[field] as unknown[]) : []).forEach((peer, i) => {
      const parsed = parsePeer(peer, [...rulePath, field, i], problem);
      if (parsed) peers.push(parsed);
    });
    const parsed: AdminRule = { index, name: typeof rule.name === 'string' ? rule.name : `#${index + 1}`, action, peers };
    if (Array.isArray(rule.ports) && rule.ports.length > 0) {
      parsed.ports = rule.ports.flatMap((port, i) => parsePort(port, [...rulePath, 'ports', i], problem));
    }
    out.push(parsed);
  });
  return out;
}

function parsePeer(raw: unknown, path: FieldPath, problem: Report): AdminPeer | undefined {
  if (isRecord(raw) && Array.isArray(raw.networks)) {
    const ranges: [number, number][] = [];
    for (const cidr of raw.networks.map(String)) {
      const parsed = parseCidr(cidr);
      if ('error' in parsed) problem([...path, 'networks'], parsed.error);
      else if (parsed.family === 4) ranges.push([parsed.lo, parsed.hi]);
    }
    return { networks: normalize(ranges), cidrs: raw.networks.map(String) };
  }
  if (isRecord(raw) && raw.nodes != null) return { nodes: compileSelector(raw.nodes) };
  return parseSelection(raw, path, problem);
}

function parsePort(raw: unknown, path: FieldPath, problem: Report): AdminPort[] {
  if (!isRecord(raw)) return [];
  if (isRecord(raw.portNumber)) {
    const protocol = String(raw.portNumber.protocol ?? 'TCP');
    const port = raw.portNumber.port;
    if (isProtocol(protocol) && typeof port === 'number') return [{ protocol, port }];
  } else if (isRecord(raw.portRange)) {
    const protocol = String(raw.portRange.protocol ?? 'TCP');
    const { start, end } = raw.portRange;
    if (isProtocol(protocol) && typeof start === 'number' && typeof end === 'number' && start <= end) return [{ protocol, start, end }];
  } else if (typeof raw.namedPort === 'string') {
    return [{ namedPort: raw.namedPort }];
  }
  problem(path, 'port must be portNumber {protocol, port}, portRange {protocol, start, end} or namedPort');
  return [];
}
