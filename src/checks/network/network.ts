import type { Check, Violation } from '../../core/check.js';
import type { Inventory } from '../../core/inventory.js';
import { isUnderPolicy, networkModelOf, type Direction, type NetworkModel, type NetworkPolicyModel, type WorkloadEndpoint } from '../../network/index.js';

/** Workloads under NetworkPolicy (host-network pods are not), by namespace. */
export function podsByNamespace(model: NetworkModel): Map<string, WorkloadEndpoint[]> {
  const out = new Map<string, WorkloadEndpoint[]>();
  for (const w of model.workloads) {
    if (!isUnderPolicy(model, w)) continue;
    let list = out.get(w.namespace);
    if (!list) out.set(w.namespace, (list = []));
    list.push(w);
  }
  return out;
}

/** A policy that isolates every pod of its namespace for a direction and allows nothing itself. */
export function isDefaultDeny(policy: NetworkPolicyModel, direction: Direction): boolean {
  return policy.podSelector.empty && policy.affects[direction] && policy.rules[direction].length === 0;
}

/** Where a namespace finding points: its Namespace object, or the namespace as a resource when none is in the input. */
export function namespaceTarget(inventory: Inventory, namespace: string): Pick<Violation, 'entry' | 'resource'> {
  const entry = inventory.find('Namespace', undefined, namespace);
  return entry ? { entry } : { resource: { apiVersion: 'v1', kind: 'Namespace', name: namespace } };
}

export function policyName(policy: NetworkPolicyModel): string {
  return `${policy.namespace}/${policy.name}`;
}

/** The two default-deny checks differ only by direction. */
export function defaultDenyCheck(direction: Direction, code: string): Check<'missing'> {
  const word = direction.toLowerCase();
  const why =
    direction === 'Ingress'
      ? 'Pods accept traffic from everywhere until a NetworkPolicy selects them for ingress. Without a default deny, every new workload starts open to every pod of the cluster, and a compromised pod can reach it.'
      : 'Pods may connect anywhere, inside the cluster and out to the internet, until a NetworkPolicy selects them for egress. Without a default deny, a compromised pod can move laterally and send data out freely.';
  return {
    id: `namespace-without-default-deny-${word}`,
    code,
    title: `Namespace without default-deny ${word}`,
    description: `A namespace with pods has no NetworkPolicy that denies all ${word} by default.`,
    severity: 'medium',
    category: 'network',
    frameworks: { nsa: ['Network separation and hardening: default-deny NetworkPolicies'], cis: ['5.3.2'], mitre: [direction === 'Ingress' ? 'T1210' : 'T1041'] },
    docs: {
      rationale: why,
      remediation: `Add a NetworkPolicy with \`podSelector: {}\`, \`policyTypes: [${direction}]\` and no ${word} rules to the namespace, then allow what each workload needs${
        direction === 'Egress' ? ' (DNS first)' : ''
      }.`,
      references: [`https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-${word}-traffic`],
      example: {
        bad: 'kind: Namespace\nmetadata: {name: shop}\n# and no default-deny policy\n',
        good: `kind: NetworkPolicy\nmetadata: {name: default-deny-${word}, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [${direction}]\n`,
      },
    },
    messages: { missing: `Namespace "{{namespace}}" has {{pods}} workload(s) and no default-deny ${word} NetworkPolicy.` },
    scope: 'inventory',
    check(inventory) {
      const model = networkModelOf(inventory);
      return [...podsByNamespace(model)]
        .filter(([ns]) => !model.policies.some((p) => p.namespace === ns && isDefaultDeny(p, direction)))
        .map(([namespace, pods]) => ({
          messageId: 'missing' as const,
          data: { namespace, pods: pods.length },
          ...namespaceTarget(inventory, namespace),
          discriminator: namespace,
        }));
    },
  };
}
