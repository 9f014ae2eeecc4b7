import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { buildNetworkModel, connlist, exposure, parseFlows } from '../../src/network/index.js';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';

const NETWORK_CHECKS = ALL_CHECKS.filter((c) => c.category === 'network');

/**
 * Policies and flows of every wrong shape: the analysers must report problems, never throw.
 * Seeded, so a failure reproduces.
 */
let seed = 7;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const JUNK: unknown[] = [null, 0, -1, 65536, 'x', '', true, [], {}, [null], { a: 1 }, '10.0.0.0/33', 'http', 3.5, 'UDP', 'Deny', '0.0.0.0/0', { matchLabels: { a: 'b' } }];
const junk = (): unknown => JUNK[rand(JUNK.length)];

/** A plausible object with random fields replaced by junk, recursively. */
function mutate(value: unknown, depth = 0): unknown {
  if (rand(6) === 0) return junk();
  if (Array.isArray(value)) return value.map((v) => mutate(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (rand(10) !== 0) out[k] = depth < 8 ? mutate(v, depth + 1) : v;
    return out;
  }
  return value;
}

const POLICY = {
  podSelector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
  policyTypes: ['Ingress', 'Egress'],
  ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'x' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 80, endPort: 90, protocol: 'TCP' }, { port: 'http' }] }],
  egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'UDP', port: 53 }] }],
};
const ADMIN = {
  priority: 10,
  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } } },
  ingress: [{ name: 'r', action: 'Deny', from: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 80 } }, { namedPort: 'http' }, { portRange: { start: 1, end: 9 } }] }],
  egress: [{ action: 'Allow', to: [{ networks: ['10.0.0.0/8'] }, { nodes: {} }] }],
};
const POD = {
  metadata: { labels: { app: 'web' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', controller: true, apiVersion: 'apps/v1' }] },
  spec: { hostNetwork: false, containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }] },
};

describe('network analysers on malformed input', () => {
  it('covers the network checks', () => assert.equal(NETWORK_CHECKS.length, 10));

  it('never throw on 400 mutated policies, admin policies, pods, services and ingresses', () => {
    for (let round = 0; round < 400; round++) {
      const objects: KubeObject[] = [
        { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: mutate({ name: 'p', namespace: 'a' }) as never, spec: mutate(POLICY) },
        { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'anp' }, spec: mutate(ADMIN) },
        { apiVersion: 'v1', kind: 'Pod', metadata: mutate({ name: 'web-1-x', namespace: 'a', ...POD.metadata }) as never, spec: mutate(POD.spec) },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'a' }, spec: mutate({ type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] }) },
        { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'a' }, spec: mutate({ rules: [{ http: { paths: [{ backend: { service: { name: 's', port: { number: 80 } } } }] } }] }) },
      ];
      const inventory = Inventory.of(objects);
      const model = buildNetworkModel(inventory);
      assert.doesNotThrow(() => connlist(model));
      assert.doesNotThrow(() => exposure(model));
      for (const check of NETWORK_CHECKS) {
        if (check.scope === 'inventory') assert.doesNotThrow(() => check.check(inventory, { inventory, options: TEST_OPTIONS }), check.id);
      }
    }
  });

  it('flow parsing reports bad lines and never throws', () => {
    const parts = ['default', 'web', '', '80', 'TCP', 'udp', '99999', '{', '}', '"', ',', '{"flow":', 'null', '[]', '\u0000'];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 1 + rand(5) }, () => Array.from({ length: rand(9) }, () => parts[rand(parts.length)]).join(rand(2) ? ',' : '')).join('\n');
      const result = parseFlows(text);
      for (const f of result.flows) assert.ok(f.port >= 1 && f.port <= 65535);
    }
  });
});
