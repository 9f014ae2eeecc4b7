import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPaths, loadText } from '../../src/load/index.js';
import { NO_CONNECTIONS, keyOf, portRange, union, type ConnectionSet } from '../../src/network/connections.js';
import { parseIPv4 } from '../../src/network/ip.js';
import {
  buildNetworkModel,
  connlist,
  endpointName,
  generatePolicies,
  parseFlows,
  policiesToYaml,
  type Flow,
} from '../../src/network/index.js';
import { corpusPath } from '../corpus.js';

/**
 * Policies generated from observed flows, proved by our own engine: with them, the workloads that
 * appear in the flows can open exactly the observed connections to each other (plus DNS to
 * kube-dns) and nothing else. The topology is Online Boutique's (corpus), with no policy of its own.
 */
const boutique = corpusPath('netpol-analyzer', 'tests', 'onlineboutique_workloads');

const KUBE_DNS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns, pod-template-hash: 5d78c9869d}}
    spec:
      containers:
      - name: coredns
        image: coredns/coredns:1.11.1
        ports: [{containerPort: 53, protocol: UDP, name: dns}, {containerPort: 53, protocol: TCP, name: dns-tcp}]`;

// Online Boutique's service graph as an observer would record it, plus traffic to and from outside.
const FLOWS_CSV = `src_namespace,src_workload,dst_namespace,dst_workload,port,protocol
default,frontend,default,adservice,9555,TCP
default,frontend,default,adservice,9557,TCP
default,frontend,default,adservice,9556,TCP
default,frontend,default,cartservice,7070,TCP
default,frontend,default,checkoutservice,5050,TCP
default,frontend,default,currencyservice,7000,TCP
default,frontend,default,productcatalogservice,3550,TCP
default,frontend,default,recommendationservice,8080,TCP
default,frontend,default,shippingservice,50051,TCP
default,checkoutservice-69c8ff664b-x2x9z,default,cartservice,7070,TCP
default,checkoutservice,default,currencyservice,7000,TCP
default,checkoutservice,default,emailservice,8080,TCP
default,checkoutservice,default,paymentservice,50051,TCP
default,checkoutservice,default,productcatalogservice,3550,TCP
default,checkoutservice,default,shippingservice,50051,TCP
default,recommendationservice,default,productcatalogservice,3550,TCP
default,cartservice,default,redis-cart,6379,TCP
default,loadgenerator,default,frontend,8080,TCP
,203.0.113.7,default,frontend,8080,TCP
default,paymentservice,,198.51.100.0/24,443,TCP
`;

const dns = union(portRange('UDP', 53, 53), portRange('TCP', 53, 53));

async function proveGenerated(flows: Flow[]) {
  const loaded = await loadPaths([`${boutique}/kubernetes-manifests.yaml`, `${boutique}/ns.yaml`]);
  loadText(KUBE_DNS, 'kube-dns.yaml', loaded.inventory);
  const before = buildNetworkModel(loaded.inventory);
  assert.equal(before.policies.length, 0);
  const generated = generatePolicies(before, flows);
  assert.deepEqual(generated.unmatched, []);
  assert.deepEqual(generated.indistinct, []);
  const reloaded = loadText(policiesToYaml(generated.policies), 'generated.yaml', loaded.inventory);
  assert.deepEqual(reloaded.errors, []);
  const model = buildNetworkModel(reloaded.inventory);
  assert.deepEqual(model.problems, []);
  const actual = new Map<string, ConnectionSet>();
  for (const c of connlist(model)) actual.set(`${endpointName(c.source)} => ${endpointName(c.destination)}`, c.connections);

  const nameOf = (ns: string, workload: string) => model.workloads.find((w) => w.namespace === ns && workload.startsWith(w.name) && (workload === w.name || workload[w.name.length] === '-'));
  const listed = new Set<string>();
  const expected = new Map<string, ConnectionSet>();
  const external: Flow[] = [];
  for (const f of flows) {
    if (f.srcNamespace === '' || f.dstNamespace === '') {
      external.push(f);
      continue;
    }
    const src = endpointName(nameOf(f.srcNamespace, f.srcWorkload)!);
    const dst = endpointName(nameOf(f.dstNamespace, f.dstWorkload)!);
    listed.add(src).add(dst);
    const key = `${src} => ${dst}`;
    expected.set(key, union(expected.get(key) ?? NO_CONNECTIONS, portRange(f.protocol, f.port, f.port)));
  }
  const kubeDns = 'kube-system/coredns[Deployment]';
  for (const src of listed) {
    for (const dst of [...listed, kubeDns]) {
      if (src === dst) continue;
      const key = `${src} => ${dst}`;
      let want = expected.get(key) ?? NO_CONNECTIONS;
      if (dst === kubeDns) want = union(want, dns);
      assert.equal(keyOf(actual.get(key) ?? NO_CONNECTIONS), keyOf(want), key);
    }
  }
  // Traffic with addresses outside the cluster: the observed address and port only.
  for (const [key, conns] of actual) {
    const [src, dst] = key.split(' => ') as [string, string];
    const ext = /^([\d.]+)-([\d.]+)\[External\]$/;
    const srcRange = ext.exec(src);
    const dstRange = ext.exec(dst);
    if (!srcRange && !dstRange) continue;
    const [lo, hi] = (srcRange ?? dstRange)!.slice(1).map((ip) => parseIPv4(ip)!);
    const workload = srcRange ? dst : src;
    if (!listed.has(workload)) continue;
    const matching = external.filter((f) => {
      const address = f.srcNamespace === '' ? f.srcWorkload : f.dstWorkload;
      const [base, bits] = address.includes('/') ? address.split('/') : [address, '32'];
      const start = parseIPv4(base!)!;
      const end = start + 2 ** (32 - Number(bits)) - 1;
      return lo! >= start && hi! <= end && (srcRange ? f.srcNamespace === '' : f.dstNamespace === '');
    });
    assert.ok(matching.length > 0, `unobserved external connection ${key} : ${keyOf(conns)}`);
    const want = matching.reduce((acc, f) => union(acc, portRange(f.protocol, f.port, f.port)), NO_CONNECTIONS);
    assert.equal(keyOf(conns), keyOf(want), key);
  }
  for (const f of external) {
    const inside = f.srcNamespace === '' ? endpointName(nameOf(f.dstNamespace, f.dstWorkload)!) : endpointName(nameOf(f.srcNamespace, f.srcWorkload)!);
    const found = [...actual.keys()].some((k) => k.includes('[External]') && k.includes(f.srcNamespace === '' ? `=> ${inside}` : `${inside} =>`));
    assert.ok(found, `external flow on line ${f.line} is allowed`);
  }
  return generated;
}

describe('netpol generate', () => {
  it('CSV flows: the generated policies allow exactly the observed traffic plus DNS', async () => {
    const parsed = parseFlows(FLOWS_CSV);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.flows.length, 20);
    const generated = await proveGenerated(parsed.flows);
    const names = generated.policies.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
    assert.ok(names.includes('default/default-deny'));
    assert.ok(names.includes('default/allow-frontend'));
    const adservice = generated.policies.find((p) => p.metadata?.name === 'allow-adservice')!;
    assert.deepEqual((adservice.spec as { ingress: { ports: unknown[] }[] }).ingress[0]!.ports, [{ protocol: 'TCP', port: 9555, endPort: 9557 }]);
  });

  it('Hubble JSON flows: replies, drops and non-opening segments are skipped; pods map to workloads', async () => {
    const flow = (extra: Record<string, unknown>, l4: Record<string, unknown>, src: Record<string, unknown>, dst: Record<string, unknown>) =>
      JSON.stringify({ flow: { verdict: 'FORWARDED', IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l4, source: src, destination: dst, ...extra } });
    const frontend = { namespace: 'default', pod_name: 'frontend-7d9c8c9b5-abcde', workloads: [{ name: 'frontend', kind: 'Deployment' }] };
    const cart = { namespace: 'default', pod_name: 'cartservice-74f56fd4b-zzzzz' };
    const lines = [
      flow({}, { TCP: { source_port: 40000, destination_port: 7070, flags: { SYN: true } } }, frontend, cart),
      flow({ is_reply: true }, { TCP: { source_port: 7070, destination_port: 40000, flags: { SYN: true, ACK: true } } }, cart, frontend),
      flow({ verdict: 'DROPPED' }, { TCP: { source_port: 40001, destination_port: 22 } }, frontend, cart),
      flow({}, { TCP: { source_port: 40000, destination_port: 7070, flags: { ACK: true } } }, frontend, cart),
      flow({}, { UDP: { source_port: 5353, destination_port: 53 } }, frontend, { namespace: 'kube-system', pod_name: 'coredns-5d78c9869d-q7wlp' }),
      flow({ IP: { source: '10.0.0.1', destination: '93.184.216.34' } }, { TCP: { source_port: 40002, destination_port: 443, flags: { SYN: true } } }, cart, { identity: 2, labels: ['reserved:world'] }),
    ];
    const parsed = parseFlows(lines.join('\n'));
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.flows.map((f) => `${f.srcNamespace}/${f.srcWorkload} ${f.dstNamespace}/${f.dstWorkload} ${f.port}/${f.protocol}`),
      [
        'default/frontend default/cartservice-74f56fd4b-zzzzz 7070/TCP',
        'default/frontend kube-system/coredns-5d78c9869d-q7wlp 53/UDP',
        'default/cartservice-74f56fd4b-zzzzz /93.184.216.34 443/TCP',
      ],
    );
    assert.deepEqual(parsed.skipped.map((s) => s.reason), ['reply', 'verdict DROPPED', 'not the opening packet']);
    await proveGenerated(parsed.flows);
  });

  it('reports flows it cannot tie to the inventory and bad lines, without throwing', async () => {
    const parsed = parseFlows('default,web,default,db,80,TCP\ndefault,a,default,b,http,TCP\nx,y\n,not-an-ip,default,frontend,1,UDP\n');
    assert.deepEqual(parsed.errors.map((e) => e.line), [2, 3]);
    const loaded = await loadPaths([`${boutique}/kubernetes-manifests.yaml`]);
    const generated = generatePolicies(buildNetworkModel(loaded.inventory), parsed.flows);
    assert.equal(generated.unmatched.length, 2);
    assert.match(generated.unmatched[0]!.reason, /no workload "default\/web"/);
    assert.match(generated.unmatched[1]!.reason, /not an IPv4 address/);
    assert.deepEqual(parseFlows('{"flow": {"verdict": "FORWARDED"}}\n[1]\n{oops').errors.map((e) => e.line), [2, 3]);
  });
});
