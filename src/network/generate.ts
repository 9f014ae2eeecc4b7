import yaml from 'js-yaml';
import type { KubeObject } from '../core/k8s/object.js';
import { PROTOCOLS, type Protocol } from './connections.js';
import type { Flow } from './flows.js';
import { parseCidr, parseIPv4 } from './ip.js';
import { endpointName, type NetworkModel, type WorkloadEndpoint } from './model.js';

/** Labels that change with every rollout or pod: selecting by them would break on the next one. */
const VOLATILE_LABELS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'apps.kubernetes.io/pod-index',
]);

export interface DnsTarget {
  namespace: string;
  labels: Record<string, string>;
}

export const KUBE_DNS: DnsTarget = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };

export interface GenerateOptions {
  dns?: DnsTarget;
}

export interface GenerateResult {
  policies: KubeObject[];
  /** Flows that could not be tied to a workload of the inventory (or an address), with why. */
  unmatched: { flow: Flow; reason: string }[];
  /** Workloads whose labels do not tell them apart from another one: they share what is allowed. */
  indistinct: string[];
}

type Side = { kind: 'workload'; workload: WorkloadEndpoint } | { kind: 'cidr'; cidr: string };

interface Allowance {
  peer: Side;
  ports: Map<string, { protocol: Protocol; port: number }>;
}

/**
 * Least-privilege NetworkPolicies from observed flows: per namespace a default deny (ingress and
 * egress, DNS to the cluster DNS excepted), then per workload one policy allowing exactly the
 * peers and ports it was seen using, in each direction.
 */
export function generatePolicies(model: NetworkModel, flows: readonly Flow[], options: GenerateOptions = {}): GenerateResult {
  const dns = options.dns ?? KUBE_DNS;
  const unmatched: GenerateResult['unmatched'] = [];
  const ingress = new Map<WorkloadEndpoint, Map<string, Allowance>>();
  const egress = new Map<WorkloadEndpoint, Map<string, Allowance>>();
  const namespaces = new Set<string>();
  const add = (table: Map<WorkloadEndpoint, Map<string, Allowance>>, owner: WorkloadEndpoint, peer: Side, flow: Flow) => {
    let byPeer = table.get(owner);
    if (!byPeer) table.set(owner, (byPeer = new Map()));
    const key = peer.kind === 'cidr' ? peer.cidr : endpointName(peer.workload);
    let allowance = byPeer.get(key);
    if (!allowance) byPeer.set(key, (allowance = { peer, ports: new Map() }));
    allowance.ports.set(`${flow.protocol}/${flow.port}`, { protocol: flow.protocol, port: flow.port });
  };
  for (const flow of flows) {
    const src = resolve(model, flow.srcNamespace, flow.srcWorkload);
    const dst = resolve(model, flow.dstNamespace, flow.dstWorkload);
    if ('error' in src || 'error' in dst) {
      unmatched.push({ flow, reason: 'error' in src ? `source: ${src.error}` : `destination: ${(dst as { error: string }).error}` });
      continue;
    }
    if (src.kind === 'cidr' && dst.kind === 'cidr') {
      unmatched.push({ flow, reason: 'neither side is a workload of the inventory' });
      continue;
    }
    if (src.kind === 'workload') {
      namespaces.add(src.workload.namespace);
      add(egress, src.workload, dst, flow);
    }
    if (dst.kind === 'workload') {
      namespaces.add(dst.workload.namespace);
      add(ingress, dst.workload, src, flow);
    }
  }

  const policies: KubeObject[] = [];
  for (const ns of [...namespaces].sort()) {
    policies.push(policy(ns, 'default-deny', {}, { ingress: [], egress: [dnsRule(dns, ns)] }));
    if (ns === dns.namespace) {
      // Default deny in the DNS namespace would cut every pod's name resolution.
      policies.push(policy(ns, 'allow-dns-ingress', dns.labels, { ingress: [{ from: [{ namespaceSelector: {} }], ports: dnsPorts() }] }));
    }
  }
  const owners = [...new Set([...ingress.keys(), ...egress.keys()])].sort((a, b) => a.index - b.index);
  const names = new Set<string>();
  for (const w of owners) {
    let name = `allow-${w.name}`;
    if (names.has(`${w.namespace}/${name}`)) name = `${name}-${w.kind.toLowerCase()}`;
    names.add(`${w.namespace}/${name}`);
    const rules = (table: Map<WorkloadEndpoint, Map<string, Allowance>>, field: 'from' | 'to') =>
      [...(table.get(w)?.values() ?? [])].map((a) => ({ [field]: [peerOf(a.peer, w.namespace)], ports: portsOf(a) }));
    const spec: { ingress?: unknown[]; egress?: unknown[] } = {};
    const inRules = rules(ingress, 'from');
    const outRules = rules(egress, 'to');
    if (inRules.length > 0) spec.ingress = inRules;
    if (outRules.length > 0) spec.egress = outRules;
    policies.push(policy(w.namespace, name, stableLabels(w), spec));
  }
  const indistinct = owners
    .filter((w) => model.workloads.some((o) => o !== w && o.namespace === w.namespace && sameSelector(stableLabels(o), stableLabels(w))))
    .map(endpointName);
  return { policies, unmatched, indistinct };
}

function resolve(model: NetworkModel, namespace: string, name: string): Side | { error: string } {
  if (namespace === '') {
    if (parseIPv4(name) !== undefined) return { kind: 'cidr', cidr: `${name}/32` };
    const cidr = parseCidr(name);
    if (!('error' in cidr) && cidr.family === 4) return { kind: 'cidr', cidr: name };
    return { error: `"${name}" has no namespace and is not an IPv4 address or CIDR` };
  }
  const inNamespace = model.workloads.filter((w) => w.namespace === namespace);
  // A pod name stands for the workload whose name prefixes it (`web-7d9c8-x2x9z` is `web`).
  const workload =
    inNamespace.find((w) => w.name === name) ??
    inNamespace.filter((w) => name.startsWith(`${w.name}-`)).sort((a, b) => b.name.length - a.name.length)[0];
  if (!workload) return { error: `no workload "${namespace}/${name}" in the inventory` };
  if (Object.keys(stableLabels(workload)).length === 0) return { error: `${endpointName(workload)} has no labels a policy could select it by` };
  return { kind: 'workload', workload };
}

function stableLabels(w: WorkloadEndpoint): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(w.labels).sort()) if (!VOLATILE_LABELS.has(key)) out[key] = w.labels[key]!;
  return out;
}

function sameSelector(a: Record<string, string>, b: Record<string, string>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function peerOf(side: Side, policyNamespace: string): Record<string, unknown> {
  if (side.kind === 'cidr') return { ipBlock: { cidr: side.cidr } };
  const podSelector = { matchLabels: stableLabels(side.workload) };
  if (side.workload.namespace === policyNamespace) return { podSelector };
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': side.workload.namespace } }, podSelector };
}

/** The observed ports, consecutive ones as one `port`..`endPort` range. */
function portsOf(a: Allowance): { protocol: Protocol; port: number; endPort?: number }[] {
  const sorted = [...a.ports.values()].sort((x, y) => PROTOCOLS.indexOf(x.protocol) - PROTOCOLS.indexOf(y.protocol) || x.port - y.port);
  const out: { protocol: Protocol; port: number; endPort?: number }[] = [];
  for (const { protocol, port } of sorted) {
    const last = out[out.length - 1];
    if (last && last.protocol === protocol && (last.endPort ?? last.port) + 1 === port) last.endPort = port;
    else out.push({ protocol, port });
  }
  return out;
}

function dnsPorts(): { protocol: Protocol; port: number }[] {
  return [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ];
}

function dnsRule(dns: DnsTarget, policyNamespace: string): Record<string, unknown> {
  const podSelector = { matchLabels: dns.labels };
  const peer = dns.namespace === policyNamespace ? { podSelector } : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': dns.namespace } }, podSelector };
  return { to: [peer], ports: dnsPorts() };
}

function policy(namespace: string, name: string, podLabels: Record<string, string>, rules: { ingress?: unknown[]; egress?: unknown[] }): KubeObject {
  const policyTypes = [...(rules.ingress ? ['Ingress'] : []), ...(rules.egress ? ['Egress'] : [])];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'stockade' } },
    spec: { podSelector: Object.keys(podLabels).length > 0 ? { matchLabels: podLabels } : {}, policyTypes, ...rules },
  };
}

export function policiesToYaml(policies: readonly KubeObject[]): string {
  return policies.map((p) => yaml.dump(p, { noRefs: true, lineWidth: -1, sortKeys: false })).join('---\n');
}
