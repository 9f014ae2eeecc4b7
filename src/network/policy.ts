import type { InventoryEntry } from '../core/inventory.js';
import { isRecord, nameOf, namespaceOf } from '../core/k8s/object.js';
import type { FieldPath } from '../core/path.js';
import { isProtocol, type Protocol } from './connections.js';
import { normalize, parseCidr, subtract, type IntervalSet } from './ip.js';
import { compileSelector, type Selector } from '../core/k8s/selector.js';

export type Direction = 'Ingress' | 'Egress';
export const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

/** A problem in a policy that makes part of it select nothing; reported, never thrown. */
export interface PolicyProblem {
  entry: InventoryEntry;
  path: FieldPath;
  message: string;
}

export interface PolicyPort {
  protocol: Protocol;
  /** Absent: every port of the protocol. A string is a named container port. */
  port?: number | string;
  endPort?: number;
}

export interface IpBlock {
  cidr: string;
  except: string[];
  /** IPv4 addresses of `cidr` minus `except` (empty for an IPv6 block: outside what we model). */
  addresses: IntervalSet;
}

export interface PolicyPeer {
  /** Undefined: the policy's own namespace (when podSelector is set). */
  namespaceSelector?: Selector;
  /** Undefined: every pod of the selected namespaces. */
  podSelector?: Selector;
  ipBlock?: IpBlock;
  /** An invalid peer matches nothing. */
  invalid?: string;
}

export interface PolicyRule {
  /** 0-based position in its direction's list; printed 1-based ("Ingress rule #1"). */
  index: number;
  /** Undefined (field empty or missing): every peer. */
  peers?: PolicyPeer[];
  /** Undefined (field empty or missing): every port and protocol. */
  ports?: PolicyPort[];
}

export interface NetworkPolicyModel {
  kind: 'NetworkPolicy';
  namespace: string;
  name: string;
  entry: InventoryEntry;
  podSelector: Selector;
  /** The directions it isolates the pods it selects for (policyTypes, defaulted). */
  affects: Record<Direction, boolean>;
  rules: Record<Direction, PolicyRule[]>;
}

const NETWORK_POLICY_GROUPS = new Set(['networking.k8s.io', 'extensions']);

export function isNetworkPolicy(entry: InventoryEntry): boolean {
  const { apiVersion, kind } = entry.object;
  return kind === 'NetworkPolicy' && NETWORK_POLICY_GROUPS.has(apiVersion.split('/')[0]!);
}

export function parseNetworkPolicy(entry: InventoryEntry, problems: PolicyProblem[]): NetworkPolicyModel {
  const object = entry.object;
  const spec = isRecord(object.spec) ? object.spec : {};
  const problem = (path: FieldPath, message: string) => problems.push({ entry, path, message });
  const podSelector = compileSelector(spec.podSelector);
  if (podSelector.error) problem(['spec', 'podSelector'], podSelector.error);
  const ingress = parseRules(spec.ingress, 'from', ['spec', 'ingress'], problem);
  const egress = parseRules(spec.egress, 'to', ['spec', 'egress'], problem);
  const types = Array.isArray(spec.policyTypes) ? spec.policyTypes.map(String) : undefined;
  const affects: Record<Direction, boolean> =
    types && types.length > 0
      ? { Ingress: types.includes('Ingress'), Egress: types.includes('Egress') }
      : // Without policyTypes: Ingress always, Egress only when the policy has egress rules.
        { Ingress: true, Egress: egress.length > 0 };
  return {
    kind: 'NetworkPolicy',
    namespace: namespaceOf(object) ?? 'default',
    name: nameOf(object),
    entry,
    podSelector,
    affects,
    rules: { Ingress: ingress, Egress: egress },
  };
}

type Report = (path: FieldPath, message: string) => void;

function parseRules(raw: unknown, peersField: 'from' | 'to', path: FieldPath, problem: Report): PolicyRule[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((rule, index) => {
    const rulePath = [...path, index];
    const out: PolicyRule = { index };
    if (!isRecord(rule)) return out;
    const peers = rule[peersField];
    if (Array.isArray(peers) && peers.length > 0) {
      out.peers = peers.map((peer, i) => parsePeer(peer, [...rulePath, peersField, i], problem));
    }
    const ports = rule.ports;
    if (Array.isArray(ports) && ports.length > 0) {
      out.ports = ports.flatMap((port, i) => parsePort(port, [...rulePath, 'ports', i], problem));
    }
    return out;
  });
}

function parsePeer(raw: unknown, path: FieldPath, problem: Report): PolicyPeer {
  if (!isRecord(raw)) {
    problem(path, 'peer is not an object');
    return { invalid: 'peer is not an object' };
  }
  const hasSelectors = raw.podSelector != null || raw.namespaceSelector != null;
  if (raw.ipBlock != null) {
    if (hasSelectors) {
      const message = 'a peer with ipBlock may not also set podSelector or namespaceSelector';
      problem(path, message);
      return { invalid: message };
    }
    return parseIpBlock(raw.ipBlock, [...path, 'ipBlock'], problem);
  }
  if (!hasSelectors) {
    const message = 'empty peer: set podSelector, namespaceSelector or ipBlock';
    problem(path, message);
    return { invalid: message };
  }
  const peer: PolicyPeer = {};
  if (raw.namespaceSelector != null) {
    peer.namespaceSelector = compileSelector(raw.namespaceSelector);
    if (peer.namespaceSelector.error) problem([...path, 'namespaceSelector'], peer.namespaceSelector.error);
  }
  if (raw.podSelector != null) {
    peer.podSelector = compileSelector(raw.podSelector);
    if (peer.podSelector.error) problem([...path, 'podSelector'], peer.podSelector.error);
  }
  return peer;
}

function parseIpBlock(raw: unknown, path: FieldPath, problem: Report): PolicyPeer {
  if (!isRecord(raw) || typeof raw.cidr !== 'string') {
    problem(path, 'ipBlock without a cidr');
    return { invalid: 'ipBlock without a cidr' };
  }
  const cidr = raw.cidr;
  const except = Array.isArray(raw.except) ? raw.except.map(String) : [];
  const parsed = parseCidr(cidr);
  if ('error' in parsed) {
    problem([...path, 'cidr'], parsed.error);
    return { invalid: parsed.error };
  }
  if (parsed.family === 6) return { ipBlock: { cidr, except, addresses: [] } };
  const excluded: [number, number][] = [];
  for (const [i, text] of except.entries()) {
    const e = parseCidr(text);
    if ('error' in e) {
      problem([...path, 'except', i], e.error);
      return { invalid: e.error };
    }
    if (e.family === 4) excluded.push([e.lo, e.hi]);
  }
  return { ipBlock: { cidr, except, addresses: subtract([[parsed.lo, parsed.hi]], normalize(excluded)) } };
}

function parsePort(raw: unknown, path: FieldPath, problem: Report): PolicyPort[] {
  if (!isRecord(raw)) {
    problem(path, 'port is not an object');
    return [];
  }
  const protocol = raw.protocol === undefined || raw.protocol === null ? 'TCP' : String(raw.protocol);
  if (!isProtocol(protocol)) {
    problem([...path, 'protocol'], `unknown protocol "${protocol}"`);
    return [];
  }
  const out: PolicyPort = { protocol };
  const port = raw.port;
  if (typeof port === 'number' && Number.isInteger(port)) out.port = port;
  else if (typeof port === 'string' && /^\d+$/.test(port)) out.port = Number(port);
  else if (typeof port === 'string' && port !== '') out.port = port;
  else if (port !== undefined && port !== null) {
    problem([...path, 'port'], `invalid port ${JSON.stringify(port)}`);
    return [];
  }
  if (raw.endPort !== undefined && raw.endPort !== null) {
    if (typeof out.port !== 'number' || typeof raw.endPort !== 'number' || raw.endPort < out.port) {
      problem([...path, 'endPort'], 'endPort needs a numeric port no greater than it');
      return [];
    }
    out.endPort = raw.endPort;
  }
  return [out];
}
