import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadText } from '../../src/load/index.js';
import { contains, keyOf, type Protocol } from '../../src/network/connections.js';
import { parseIPv4 } from '../../src/network/ip.js';
import { buildNetworkModel, connlist, evaluatePair, findWorkloads, type Endpoint, type WorkloadEndpoint } from '../../src/network/index.js';

/**
 * Truth tables in the spirit of the Kubernetes NetworkPolicy e2e suite: namespaces x, y, z with
 * pods a, b, c each, every pod serving 80 and 81 over TCP, UDP and SCTP (with named ports
 * `serve-<port>-<protocol>`). Each case is a policy shape and the reachability the API
 * documentation prescribes for it, written out here by hand; every (source, destination, port,
 * protocol) probe is checked, through the pairwise evaluation and through the grouped connlist.
 * Names are quoted: Kubernetes reads YAML 1.1, where a bare `y` is the boolean true.
 */
const NAMESPACES = ['x', 'y', 'z'] as const;
const PODS = ['a', 'b', 'c'] as const;
const PORTS = [80, 81] as const;
const PROTOCOLS: Protocol[] = ['TCP', 'UDP', 'SCTP'];

interface Probe {
  src: { ns: string; pod: string };
  dst: { ns: string; pod: string };
  port: number;
  protocol: Protocol;
}

function topology(extra = ''): string {
  const docs: string[] = [];
  for (const ns of NAMESPACES) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: '${ns}', labels: {ns: '${ns}'}}`);
    for (const pod of PODS) {
      const ports = PORTS.flatMap((port) => PROTOCOLS.map((protocol) => `{name: serve-${port}-${protocol.toLowerCase()}, containerPort: ${port}, protocol: ${protocol}}`));
      docs.push(`apiVersion: v1
kind: Pod
metadata: {name: '${pod}', namespace: '${ns}', labels: {pod: '${pod}'}}
spec:
  containers: [{name: cont, image: agnhost, ports: [${ports.join(', ')}]}]`);
    }
  }
  return docs.join('\n---\n') + (extra ? `\n---\n${extra}` : '');
}

const netpol = (ns: string, name: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: '${name}', namespace: '${ns}'}
spec:
${spec}`;

interface Case {
  name: string;
  policies: string[];
  allowed: (p: Probe) => boolean;
}

const is = (side: { ns: string; pod: string }, ns: string, pod?: string) => side.ns === ns && (pod === undefined || side.pod === pod);

const CASES: Case[] = [
  { name: 'no policy: everything is allowed', policies: [], allowed: () => true },
  {
    name: 'default deny ingress in x (podSelector {})',
    policies: [netpol('x', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]')],
    allowed: (p) => p.dst.ns !== 'x',
  },
  {
    name: 'policy without policyTypes and without rules isolates ingress only',
    policies: [netpol('x', 'deny', '  podSelector: {matchLabels: {pod: a}}')],
    allowed: (p) => !is(p.dst, 'x', 'a'),
  },
  {
    name: 'allow x/a from pods of its own namespace (podSelector {} in from)',
    policies: [netpol('x', 'same-ns', '  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from: [{podSelector: {}}]')],
    allowed: (p) => !is(p.dst, 'x', 'a') || p.src.ns === 'x',
  },
  {
    name: 'namespaceSelector and podSelector in ONE peer are ANDed',
    policies: [netpol('x', 'and', '  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}, podSelector: {matchLabels: {pod: b}}}]')],
    allowed: (p) => !is(p.dst, 'x', 'a') || is(p.src, 'y', 'b'),
  },
  {
    name: 'namespaceSelector and podSelector as SEPARATE peers are ORed',
    policies: [netpol('x', 'or', '  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}, {podSelector: {matchLabels: {pod: b}}}]')],
    allowed: (p) => !is(p.dst, 'x', 'a') || p.src.ns === 'y' || is(p.src, 'x', 'b'),
  },
  {
    name: 'one port and protocol (81/TCP), protocol defaulting to TCP',
    policies: [netpol('x', 'port', '  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - ports: [{port: 81}]')],
    allowed: (p) => !is(p.dst, 'x', 'a') || (p.port === 81 && p.protocol === 'TCP'),
  },
  {
    name: 'named port resolves against the destination pod (serve-80-udp)',
    policies: [netpol('x', 'named', '  podSelector: {}\n  ingress:\n  - ports: [{port: serve-80-udp, protocol: UDP}]')],
    allowed: (p) => p.dst.ns !== 'x' || (p.port === 80 && p.protocol === 'UDP'),
  },
  {
    name: 'named port with a protocol it is not declared for allows nothing',
    policies: [netpol('x', 'named-mismatch', '  podSelector: {}\n  ingress:\n  - ports: [{port: serve-80-udp, protocol: TCP}]')],
    allowed: (p) => p.dst.ns !== 'x',
  },
  {
    name: 'endPort range 80-81 on SCTP',
    policies: [netpol('x', 'range', '  podSelector: {}\n  ingress:\n  - ports: [{port: 80, endPort: 81, protocol: SCTP}]')],
    allowed: (p) => p.dst.ns !== 'x' || p.protocol === 'SCTP',
  },
  {
    name: 'port without number: every port of the protocol',
    policies: [netpol('x', 'udp', '  podSelector: {}\n  ingress:\n  - ports: [{protocol: UDP}]')],
    allowed: (p) => p.dst.ns !== 'x' || p.protocol === 'UDP',
  },
  {
    name: 'default deny egress in x: nothing leaves x',
    policies: [netpol('x', 'deny-egress', '  podSelector: {}\n  policyTypes: [Egress]')],
    allowed: (p) => p.src.ns !== 'x',
  },
  {
    name: 'egress rules without policyTypes isolate both directions of the selected pods',
    policies: [netpol('x', 'egress-only-rules', '  podSelector: {matchLabels: {pod: a}}\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {ns: "y"}}}]\n    ports: [{port: 80, protocol: TCP}]')],
    allowed: (p) => !is(p.dst, 'x', 'a') && (!is(p.src, 'x', 'a') || (p.dst.ns === 'y' && p.port === 80 && p.protocol === 'TCP')),
  },
  {
    name: 'connection needs egress at the source AND ingress at the destination',
    policies: [
      netpol('x', 'a-egress', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {ns: "y"}}}]'),
      netpol('y', 'c-ingress', '  podSelector: {matchLabels: {pod: c}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {ns: z}}}]'),
    ],
    allowed: (p) => (!is(p.src, 'x', 'a') || p.dst.ns === 'y') && (!is(p.dst, 'y', 'c') || p.src.ns === 'z'),
  },
  {
    name: 'policies are additive',
    policies: [
      netpol('x', 'from-b', '  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {pod: b}}}]\n    ports: [{port: 80}]'),
      netpol('x', 'from-c', '  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {pod: c}}}]\n    ports: [{port: 81}]'),
    ],
    allowed: (p) =>
      !is(p.dst, 'x', 'a') || (p.protocol === 'TCP' && ((is(p.src, 'x', 'b') && p.port === 80) || (is(p.src, 'x', 'c') && p.port === 81))),
  },
  {
    name: 'matchExpressions: NotIn on namespaces, Exists and DoesNotExist on pods',
    policies: [
      netpol('x', 'notin', '  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from: [{namespaceSelector: {matchExpressions: [{key: ns, operator: NotIn, values: [x, "y"]}]}}]'),
      netpol('y', 'exists', '  podSelector: {matchExpressions: [{key: pod, operator: In, values: [b]}]}\n  ingress:\n  - from: [{podSelector: {matchExpressions: [{key: pod, operator: Exists}]}}]'),
      netpol('z', 'missing', '  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {}, podSelector: {matchExpressions: [{key: pod, operator: DoesNotExist}]}}]'),
    ],
    allowed: (p) => (!is(p.dst, 'x', 'a') || p.src.ns === 'z') && (!is(p.dst, 'y', 'b') || p.src.ns === 'y') && p.dst.ns !== 'z',
  },
  {
    name: "namespaces carry kubernetes.io/metadata.name automatically",
    policies: [netpol('x', 'from-z', '  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: z}}}]')],
    allowed: (p) => p.dst.ns !== 'x' || p.src.ns === 'z',
  },
  {
    name: 'ipBlock peers never select pods',
    policies: [netpol('x', 'ip-only', '  podSelector: {}\n  ingress:\n  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]')],
    allowed: (p) => p.dst.ns !== 'x',
  },
  {
    name: 'an empty ingress rule allows every source and port',
    policies: [netpol('x', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]'), netpol('x', 'allow-all', '  podSelector: {matchLabels: {pod: b}}\n  ingress: [{}]')],
    allowed: (p) => p.dst.ns !== 'x' || p.dst.pod === 'b',
  },
  {
    name: 'policies only select pods of their own namespace',
    policies: [netpol('y', 'deny-labelled-a', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress, Egress]')],
    allowed: (p) => !is(p.dst, 'y', 'a') && !is(p.src, 'y', 'a'),
  },
  {
    name: 'AdminNetworkPolicy: priority order, Allow/Deny/Pass, then NetworkPolicies, then the baseline',
    policies: [
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-from-y}
spec:
  priority: 20
  subject: {namespaces: {matchLabels: {ns: x}}}
  ingress:
  - {name: deny-y, action: Deny, from: [{namespaces: {matchLabels: {ns: "y"}}}]}`,
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: exceptions}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {ns: x}}}
  ingress:
  - {name: allow-yb-80, action: Allow, from: [{pods: {namespaceSelector: {matchLabels: {ns: "y"}}, podSelector: {matchLabels: {pod: b}}}}], ports: [{portNumber: {protocol: TCP, port: 80}}]}
  - {name: pass-yc, action: Pass, from: [{pods: {namespaceSelector: {matchLabels: {ns: "y"}}, podSelector: {matchLabels: {pod: c}}}}]}`,
      netpol('x', 'only-yc-81', '  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}, podSelector: {matchLabels: {pod: c}}}]\n    ports: [{port: 81}]\n  - from: [{namespaceSelector: {matchLabels: {ns: x}}}]'),
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
  - {name: deny-from-z, action: Deny, from: [{namespaces: {matchLabels: {ns: z}}}]}`,
    ],
    allowed: (p) => {
      if (p.dst.ns === 'x') {
        if (is(p.src, 'y', 'b') && p.port === 80 && p.protocol === 'TCP') return true; // ANP 10 Allow
        if (is(p.src, 'y', 'c')) return p.port === 81 && p.protocol === 'TCP'; // Passed to the NetworkPolicy
        if (p.src.ns === 'y') return false; // ANP 20 Deny
        return p.src.ns === 'x'; // x is isolated by its NetworkPolicy: the baseline does not apply
      }
      return p.src.ns !== 'z'; // not isolated by any NetworkPolicy: the baseline denies z
    },
  },
  {
    name: 'AdminNetworkPolicy egress: named port Allow, Deny, and the baseline where no NetworkPolicy isolates',
    policies: [
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: egress-guard}
spec:
  priority: 1
  subject: {pods: {namespaceSelector: {matchLabels: {ns: x}}, podSelector: {matchExpressions: [{key: pod, operator: In, values: [a, b]}]}}}
  egress:
  - {name: metrics, action: Allow, to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {pod: c}}}}], ports: [{namedPort: serve-81-udp}]}
  - {name: no-z, action: Deny, to: [{namespaces: {matchLabels: {ns: z}}}]}`,
      netpol('x', 'b-egress', '  podSelector: {matchLabels: {pod: b}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {}}]'),
      `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {matchLabels: {ns: x}}}
  egress:
  - {name: tcp-only, action: Deny, to: [{namespaces: {}}], ports: [{portRange: {protocol: UDP, start: 1, end: 65535}}, {portRange: {protocol: SCTP, start: 1, end: 65535}}]}`,
    ],
    allowed: (p) => {
      if (p.src.ns !== 'x') return true;
      const subject = p.src.pod === 'a' || p.src.pod === 'b';
      if (subject && p.dst.pod === 'c' && p.port === 81 && p.protocol === 'UDP') return true; // ANP Allow by named port
      if (subject && p.dst.ns === 'z') return false; // ANP Deny
      if (p.src.pod === 'b') return p.dst.ns === 'x'; // isolated by its NetworkPolicy: the baseline does not apply
      return p.protocol === 'TCP'; // the baseline denies UDP and SCTP
    },
  },
];

function probes(): Probe[] {
  const out: Probe[] = [];
  for (const sn of NAMESPACES)
    for (const sp of PODS)
      for (const dn of NAMESPACES)
        for (const dp of PODS) {
          if (sn === dn && sp === dp) continue;
          for (const port of PORTS) for (const protocol of PROTOCOLS) out.push({ src: { ns: sn, pod: sp }, dst: { ns: dn, pod: dp }, port, protocol });
        }
  return out;
}

describe('NetworkPolicy truth tables (e2e-style x/y/z × a/b/c × 80,81 × TCP/UDP/SCTP)', () => {
  const all = probes();
  it('probes every ordered pod pair', () => assert.equal(all.length, 9 * 8 * 2 * 3));
  for (const c of CASES) {
    it(c.name, () => {
      const loaded = loadText(topology(c.policies.join('\n---\n')), 'case.yaml');
      assert.deepEqual(loaded.errors, []);
      const model = buildNetworkModel(loaded.inventory);
      assert.deepEqual(model.problems.map((p) => p.message), []);
      const pod = (s: { ns: string; pod: string }) => findWorkloads(model, `${s.ns}/${s.pod}`)[0]!;
      const listed = new Map(connlist(model).map((conn) => [`${(conn.source as WorkloadEndpoint).namespace}/${(conn.source as WorkloadEndpoint).name}>${(conn.destination as WorkloadEndpoint).namespace}/${(conn.destination as WorkloadEndpoint).name}`, conn.connections]));
      const wrong: string[] = [];
      for (const p of all) {
        const expected = c.allowed(p);
        const pair = evaluatePair(model, pod(p.src), pod(p.dst)).allowed;
        const bulk = listed.get(`${p.src.ns}/${p.src.pod}>${p.dst.ns}/${p.dst.pod}`);
        const label = `${p.src.ns}/${p.src.pod} -> ${p.dst.ns}/${p.dst.pod} ${p.port}/${p.protocol}`;
        if (contains(pair, p.protocol, p.port) !== expected) wrong.push(`pairwise ${label}: expected ${expected ? 'allow' : 'deny'}`);
        if ((bulk !== undefined && contains(bulk, p.protocol, p.port)) !== expected) wrong.push(`connlist ${label}: expected ${expected ? 'allow' : 'deny'}`);
        if (bulk !== undefined && keyOf(bulk) !== keyOf(pair)) wrong.push(`connlist and pairwise differ on ${label}`);
      }
      assert.deepEqual(wrong.slice(0, 10), []);
    });
  }

  it('ipBlock with except, egress: split ranges and pods untouched', () => {
    const policy = netpol('x', 'egress-ip', '  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n    ports: [{port: 443}]');
    const model = buildNetworkModel(loadText(topology(policy), 'case.yaml').inventory);
    const a = findWorkloads(model, 'x/a')[0]!;
    const ip = (text: string): Endpoint => ({ type: 'external', lo: parseIPv4(text)!, hi: parseIPv4(text)! });
    assert.ok(contains(evaluatePair(model, a, ip('10.2.3.4')).allowed, 'TCP', 443));
    assert.ok(!contains(evaluatePair(model, a, ip('10.2.3.4')).allowed, 'TCP', 80));
    assert.ok(!contains(evaluatePair(model, a, ip('10.1.2.3')).allowed, 'TCP', 443));
    assert.ok(!contains(evaluatePair(model, a, ip('8.8.8.8')).allowed, 'TCP', 443));
    assert.ok(!contains(evaluatePair(model, a, findWorkloads(model, 'y/b')[0]!).allowed, 'TCP', 443));
    assert.deepEqual(
      model.externalDestinations.map((e) => `${e.lo}-${e.hi}`),
      [[0, parseIPv4('9.255.255.255')!], [parseIPv4('10.0.0.0')!, parseIPv4('10.0.255.255')!], [parseIPv4('10.1.0.0')!, parseIPv4('10.1.255.255')!], [parseIPv4('10.2.0.0')!, parseIPv4('10.255.255.255')!], [parseIPv4('11.0.0.0')!, 0xffffffff]].map(([lo, hi]) => `${lo}-${hi}`),
    );
  });

  it('host-network pods are outside policy: never isolated, and not matched by selectors', () => {
    const host = `apiVersion: v1
kind: Pod
metadata: {name: node-agent, namespace: x, labels: {pod: a}}
spec: {hostNetwork: true, containers: [{name: c, image: agent, ports: [{containerPort: 80}]}]}`;
    const policies = [
      netpol('x', 'deny-all', '  podSelector: {}\n  policyTypes: [Ingress, Egress]'),
      netpol('y', 'from-x', '  podSelector: {matchLabels: {pod: a}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {ns: x}}}]'),
      netpol('y', 'from-anywhere', '  podSelector: {matchLabels: {pod: b}}\n  ingress:\n  - {}'),
    ];
    const model = buildNetworkModel(loadText(topology([host, ...policies].join('\n---\n')), 'case.yaml').inventory);
    const agent = findWorkloads(model, 'x/node-agent')[0]!;
    const w = (q: string) => findWorkloads(model, q)[0]!;
    assert.ok(contains(evaluatePair(model, w('z/c'), agent).allowed, 'TCP', 80), 'deny-all in x does not isolate the host-network pod');
    assert.ok(!contains(evaluatePair(model, agent, w('y/a')).allowed, 'TCP', 80), 'namespaceSelector ns=x does not match the host-network pod');
    assert.ok(contains(evaluatePair(model, agent, w('y/b')).allowed, 'TCP', 80), 'a rule for every source admits node traffic');
    const asPods = buildNetworkModel(loadText(topology([host, ...policies].join('\n---\n')), 'case.yaml').inventory, { hostNetwork: 'pod' });
    const agentAsPod = findWorkloads(asPods, 'x/node-agent')[0]!;
    assert.ok(!contains(evaluatePair(asPods, findWorkloads(asPods, 'z/c')[0]!, agentAsPod).allowed, 'TCP', 80), 'in pod mode deny-all applies');
  });
});
