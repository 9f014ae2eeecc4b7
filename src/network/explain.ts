import {
  ALL_CONNECTIONS,
  formatConnections,
  intersect,
  isAll,
  isEmpty,
  subtract,
  union,
  type ConnectionSet,
} from './connections.js';
import { ingressControllerPorts } from './connectivity.js';
import { evaluatePair, type DirectionVerdict } from './engine.js';
import { endpointName, type Endpoint, type NetworkModel } from './model.js';
import type { Direction } from './policy.js';

/** One statement of why a direction allows or denies some connections. */
export type Reason =
  | { kind: 'default'; text: string }
  | { kind: 'admin'; policy: string; rule: string; action: 'Allow' | 'Deny' | 'Pass'; connections: ConnectionSet; text: string }
  | { kind: 'rule'; policy: string; rule: number; connections: ConnectionSet; text: string }
  | { kind: 'no-rule'; policy: string; text: string }
  | { kind: 'ports-mismatch'; policy: string; rule: number; text: string }
  | { kind: 'exposure'; text: string };

export interface DirectionExplanation {
  direction: Direction;
  allowed: ConnectionSet;
  /** Why connections are allowed in this direction. */
  allowedBy: Reason[];
  /** Why the rest is denied (empty when everything is allowed). */
  deniedBy: Reason[];
}

export interface Explanation {
  source: string;
  destination: string;
  /** Connections allowed end to end: egress at the source and ingress at the destination. */
  allowed: ConnectionSet;
  egress: DirectionExplanation;
  ingress: DirectionExplanation;
  /** For a connection or port asked about: its verdict and the direction(s) that decided it. */
  query?: { connections: ConnectionSet; allowed: boolean; decidedBy: DirectionExplanation['direction'][] };
}

/** Why `source` can or cannot reach `destination`, optionally for specific connections (`80/TCP`). */
export function explain(model: NetworkModel, source: Endpoint, destination: Endpoint, query?: ConnectionSet): Explanation {
  const pair = evaluatePair(model, source, destination);
  let ingress = describe(model, pair.ingress);
  let allowed = pair.allowed;
  if (source.type === 'ingress-controller' && destination.type === 'workload') {
    // The ingress controller only forwards what an Ingress or Route exposes.
    const exposed = ingressControllerPorts(model, destination);
    allowed = intersect(allowed, exposed);
    const reason: Reason = isEmpty(exposed)
      ? { kind: 'exposure', text: `no Ingress or Route exposes ${endpointName(destination)}` }
      : { kind: 'exposure', text: `Ingress/Route exposes ${formatConnections(exposed)} of ${endpointName(destination)}` };
    ingress = {
      ...ingress,
      allowed: intersect(ingress.allowed, exposed),
      allowedBy: isEmpty(exposed) ? ingress.allowedBy : [...ingress.allowedBy, reason],
      deniedBy: isAll(exposed) ? ingress.deniedBy : [...ingress.deniedBy, reason],
    };
  }
  const out: Explanation = {
    source: endpointName(source),
    destination: endpointName(destination),
    allowed,
    egress: describe(model, pair.egress),
    ingress,
  };
  if (query) {
    const ok = isEmpty(subtract(query, allowed));
    const decidedBy = ok
      ? (['Egress', 'Ingress'] as const).slice()
      : (['Egress', 'Ingress'] as const).filter((d) => !isEmpty(subtract(query, (d === 'Egress' ? out.egress : out.ingress).allowed)));
    out.query = { connections: query, allowed: ok, decidedBy };
  }
  return out;
}

function describe(model: NetworkModel, verdict: DirectionVerdict): DirectionExplanation {
  const { direction, subject, peer } = verdict;
  const subjectName = endpointName(subject);
  const peerName = endpointName(peer);
  const out: DirectionExplanation = { direction, allowed: verdict.allowed, allowedBy: [], deniedBy: [] };
  if (verdict.unrestricted === 'not-a-pod') {
    out.allowedBy.push({ kind: 'default', text: `${subjectName} is not a pod: no policy restricts its ${direction.toLowerCase()}` });
    return out;
  }
  if (verdict.unrestricted === 'host-network') {
    out.allowedBy.push({ kind: 'default', text: `${subjectName} uses the host network: NetworkPolicies do not apply to it` });
    return out;
  }
  if (verdict.unrestricted === 'no-policy') {
    out.allowedBy.push({ kind: 'default', text: `no policy selects ${subjectName} for ${direction}: allowed by default` });
    return out;
  }
  for (const step of verdict.admin) {
    const text = `${step.policy.kind} '${step.policy.name}' (priority ${step.policy.priority}) ${direction} rule '${step.rule.name}' (${step.rule.action}) matches ${formatConnections(step.connections)}`;
    const reason: Reason = { kind: 'admin', policy: step.policy.name, rule: step.rule.name, action: step.rule.action, connections: step.connections, text };
    if (step.rule.action === 'Allow') out.allowedBy.push(reason);
    else if (step.rule.action === 'Deny') out.deniedBy.push(reason);
    else out.allowedBy.push({ ...reason, text: `${text}: passed to NetworkPolicies` });
  }
  if (verdict.isolating.length > 0) {
    for (const policy of verdict.isolating) {
      const name = `${policy.namespace}/${policy.name}`;
      const matches = verdict.ruleMatches.filter((m) => m.policy === policy);
      if (policy.rules[direction].length === 0) {
        out.deniedBy.push({ kind: 'no-rule', policy: name, text: `NetworkPolicy '${name}' selects ${subjectName}, but has no ${direction} rules` });
        continue;
      }
      if (matches.length === 0) {
        out.deniedBy.push({ kind: 'no-rule', policy: name, text: `NetworkPolicy '${name}' selects ${subjectName}, but no ${direction} rule selects ${peerName}` });
        continue;
      }
      for (const m of matches) {
        const granted = intersect(m.connections, verdict.delegated);
        if (!isEmpty(granted)) {
          out.allowedBy.push({
            kind: 'rule',
            policy: name,
            rule: m.rule.index + 1,
            connections: granted,
            text: `NetworkPolicy '${name}' allows ${formatConnections(granted)} by ${direction} rule #${m.rule.index + 1}`,
          });
        }
        if (!isAll(m.connections)) {
          out.deniedBy.push({
            kind: 'ports-mismatch',
            policy: name,
            rule: m.rule.index + 1,
            text: `NetworkPolicy '${name}' selects ${subjectName}, and ${direction} rule #${m.rule.index + 1} selects ${peerName}, but ${
              isEmpty(m.connections) ? 'its named ports have no match in the destination' : `allows only ${formatConnections(m.connections)}`
            }`,
          });
        }
      }
    }
  } else {
    for (const step of verdict.baseline) {
      const text = `BaselineAdminNetworkPolicy '${step.policy.name}' ${direction} rule '${step.rule.name}' (${step.rule.action}) matches ${formatConnections(step.connections)}`;
      const reason: Reason = { kind: 'admin', policy: step.policy.name, rule: step.rule.name, action: step.rule.action, connections: step.connections, text };
      (step.rule.action === 'Allow' ? out.allowedBy : out.deniedBy).push(reason);
    }
    const decided = verdict.baseline.reduce((acc, s) => union(acc, s.connections), subtract(ALL_CONNECTIONS, verdict.delegated));
    if (!isAll(decided)) out.allowedBy.push({ kind: 'default', text: `no NetworkPolicy selects ${subjectName} for ${direction}: the rest is allowed by default` });
  }
  if (isAll(verdict.allowed)) out.deniedBy = [];
  return out;
}

/** A readable report of an explanation; for a query, only the reasons that bear on it. */
export function formatExplanation(e: Explanation): string {
  const lines: string[] = [];
  const query = e.query;
  if (query) {
    lines.push(`${e.source} => ${e.destination} ${formatConnections(query.connections)}: ${query.allowed ? 'ALLOWED' : 'DENIED'}`);
  } else {
    lines.push(`${e.source} => ${e.destination}: ${isEmpty(e.allowed) ? 'DENIED (no connections)' : `allowed ${formatConnections(e.allowed)}`}`);
  }
  const bears = (r: Reason) => !query || !('connections' in r) || !isEmpty(intersect(r.connections, query.connections));
  for (const d of [e.egress, e.ingress]) {
    const state = isAll(d.allowed) ? 'allows all' : isEmpty(d.allowed) ? 'allows nothing' : `allows ${formatConnections(d.allowed)}`;
    const denies = query ? !isEmpty(subtract(query.connections, d.allowed)) : !isAll(d.allowed);
    lines.push(`  ${d.direction} ${state}${query && !denies ? '' : query ? ' (denies what was asked)' : ''}`);
    for (const r of d.allowedBy.filter(bears)) lines.push(`    + ${r.text}`);
    if (denies) for (const r of d.deniedBy) lines.push(`    - ${r.text}`);
  }
  return lines.join('\n');
}

/** The explanation with connection sets as text (`TCP 80,UDP 53`), for JSON output. */
export function explanationJson(e: Explanation): unknown {
  return JSON.parse(JSON.stringify(e, (key, value: unknown) => (isConnectionSet(value) ? formatConnections(value) : value)));
}

function isConnectionSet(value: unknown): value is ConnectionSet {
  return typeof value === 'object' && value !== null && Array.isArray((value as ConnectionSet).TCP) && Array.isArray((value as ConnectionSet).UDP) && Array.isArray((value as ConnectionSet).SCTP);
}
