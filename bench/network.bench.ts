// Network analysis at cluster scale: 5,000 workloads (unique labels, so no two share a class) in
// 100 namespaces with 1,000 NetworkPolicies (default deny, DNS, tiered allows with named ports,
// cross-namespace peers, egress ipBlocks with except), segmented (66 k connections) and permissive
// (half the namespaces leave egress open: 1.7 M connections), and segmented under a cluster-wide
// AdminNetworkPolicy, plus the corpus's largest netpol-analyzer
// case (ipblockstest_4, 23,943 expected lines).
// Figures (CPU time): model build, full connlist, formatting, peak RSS, explain per pair, ipblockstest_4.
// Baseline, measured in the same run: a loop that visits every ordered workload pair once and
// reads one array cell (the least any all-pairs answer must do), and the load (parse) time of the
// corpus case; each figure is printed with its ratio to its baseline.
// Run alone: node --import tsx bench/network.bench.ts [workloads]
import { performance } from 'node:perf_hooks';
import { loadPaths, loadText } from '../src/load/index.js';
import { buildNetworkModel, connections as streamConnections, connlist, explain, formatConnlist, formatConnlistChunks } from '../src/network/index.js';
import { ALL_CHECKS } from '../src/checks/index.js';
import { TEST_OPTIONS } from '../src/checks/check-tester.js';
import { corpusPath } from '../test/corpus.js';

const WORKLOADS = Number(process.argv[2] ?? 5000);
const NAMESPACES = 100;
const PER_NAMESPACE = Math.ceil(WORKLOADS / NAMESPACES);
const TIERS = ['frontend', 'backend', 'db'] as const;

/**
 * `permissive`: odd namespaces isolate ingress only, so their pods may open connections anywhere.
 * `admin`: add a cluster-wide AdminNetworkPolicy (Deny, Pass and Allow rules over every namespace).
 */
function manifests(permissive: boolean, admin: boolean): string {
  const docs: string[] = [];
  docs.push(`apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      containers: [{name: coredns, image: coredns:1.11, ports: [{containerPort: 53, protocol: UDP, name: dns}, {containerPort: 53, protocol: TCP, name: dns-tcp}]}]`);
  let n = 0;
  for (let k = 0; k < NAMESPACES; k++) {
    const ns = `team-${k}`;
    docs.push(`apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {team: ${ns}, env: ${k % 4 === 0 ? 'staging' : 'prod'}${k === 0 ? ', purpose: monitoring' : ''}}}`);
    for (let i = 0; i < PER_NAMESPACE && n < WORKLOADS; i++, n++) {
      const tier = TIERS[i % 3];
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${n}, namespace: ${ns}}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: app-${n}, tier: ${tier}, team: ${ns}${k === 0 && i === 0 ? ', role: prometheus' : ''}}}
    spec:
      containers:
      - name: app
        image: registry.example.com/app:${n % 40}
        ports: [{containerPort: ${tier === 'db' ? 5432 : 8080}, name: http}, {containerPort: 9090, name: metrics}]`);
    }
    const policy = (name: string, spec: string) =>
      docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`);
    const egressOpen = permissive && k % 2 === 1;
    policy('default-deny', egressOpen ? '  podSelector: {}\n  policyTypes: [Ingress]' : '  podSelector: {}\n  policyTypes: [Ingress, Egress]');
    if (egressOpen) policy('allow-probes', '  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n    ports: [{port: 8080}]');
    else
      policy(
        'allow-dns',
        '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]',
      );
    policy('frontend-ingress', '  podSelector: {matchLabels: {tier: frontend}}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n    ports: [{port: 8080}]');
    policy('backend-ingress', '  podSelector: {matchLabels: {tier: backend}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {tier: frontend}}}]\n    ports: [{port: http}]');
    policy('db-ingress', '  podSelector: {matchLabels: {tier: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {tier: backend}}}]\n    ports: [{port: 5432}]');
    policy('frontend-egress', '  podSelector: {matchLabels: {tier: frontend}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {tier: backend}}}]\n    ports: [{port: http}]');
    policy('backend-egress', '  podSelector: {matchLabels: {tier: backend}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchExpressions: [{key: tier, operator: In, values: [db]}]}}]\n    ports: [{port: 5432}]');
    policy('metrics', '  podSelector: {}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {purpose: monitoring}}, podSelector: {matchLabels: {role: prometheus}}}]\n    ports: [{port: metrics}]');
    policy(
      'backend-external',
      `  podSelector: {matchLabels: {tier: backend}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: 10.${k}.0.0/16, except: [10.${k}.1.0/24]}}]\n    ports: [{port: 443}]`,
    );
    policy(
      'from-next-team',
      `  podSelector: {matchLabels: {tier: backend}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: team-${(k + 1) % NAMESPACES}}}, podSelector: {matchLabels: {tier: frontend}}}]\n    ports: [{port: 8080}]`,
    );
  }
  if (admin) {
    docs.push(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: guard}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress:
  - {name: deny-staging-db, action: Deny, from: [{namespaces: {matchLabels: {env: staging}}}], ports: [{portNumber: {protocol: TCP, port: 5432}}]}
  - {name: pass-rest, action: Pass, from: [{namespaces: {}}]}
  egress:
  - {name: allow-dns, action: Allow, to: [{pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}}], ports: [{portNumber: {protocol: UDP, port: 53}}]}`);
  }
  return docs.join('\n---\n');
}

/** CPU time (user + system) of the process: on a shared, loaded machine wall time mostly measures the neighbours. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

let wallTotal = 0;
function time<T>(fn: () => T): [T, number] {
  const start = cpuMs();
  const wall = performance.now();
  const value = fn();
  wallTotal += performance.now() - wall;
  return [value, cpuMs() - start];
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

const networkChecks = ALL_CHECKS.filter((c) => c.category === 'network');

function scenario(title: string, permissive: boolean, admin: boolean): void {
  const [loaded, loadMs] = time(() => loadText(manifests(permissive, admin), 'bench.yaml'));
  if (loaded.errors.length > 0) throw new Error(`bench manifests: ${loaded.errors[0]!.message}`);
  const [model, modelMs] = time(() => buildNetworkModel(loaded.inventory));
  // Baseline: visit every ordered pair of workloads once.
  const [, floorMs] = time(() => {
    const cells = new Int32Array(model.workloads.length).map((_, i) => i & 7);
    let acc = 0;
    for (let s = 0; s < model.workloads.length; s++) for (let d = 0; d < model.workloads.length; d++) acc += cells[(s + d) % cells.length]!;
    return acc;
  });
  const [connections, connlistMs] = time(() => connlist(model));
  const [output, formatMs] = time(() => formatConnlist(connections, 'txt').length);
  // What `stockade netpol connlist` does: produce and write line by line, nothing held.
  const [streamed, streamMs] = time(() => {
    let bytes = 0;
    for (const chunk of formatConnlistChunks(streamConnections(model), 'txt')) bytes += chunk.length;
    return bytes;
  });
  const pairs = 200;
  const [, explainTotal] = time(() => {
    for (let i = 0; i < pairs; i++) {
      const a = model.workloads[(i * 7919) % model.workloads.length]!;
      const b = model.workloads[(i * 104729 + 13) % model.workloads.length]!;
      explain(model, a, b);
    }
  });
  const [findings, checksMs] = time(() =>
    networkChecks.reduce((n, c) => n + (c.scope === 'inventory' ? c.check(loaded.inventory, { inventory: loaded.inventory, options: TEST_OPTIONS }).length : 0), 0),
  );
  console.log(title);
  console.log(`  ${model.workloads.length} workloads in ${NAMESPACES} namespaces, ${model.policies.length} NetworkPolicies, ${model.adminPolicies.length} AdminNetworkPolicies, ${model.classes.length} classes`);
  console.log(`  load manifests        ${ms(loadMs)}`);
  console.log(`  build model           ${ms(modelMs)}`);
  console.log(`  baseline (pair visit) ${ms(floorMs)}`);
  console.log(`  connlist              ${ms(connlistMs)}  (${(connlistMs / floorMs).toFixed(2)}x baseline; target <= 5000 ms)  ${connections.length} connections`);
  console.log(`  format txt            ${ms(formatMs)}  (${(output / 1e6).toFixed(1)} MB)`);
  console.log(`  model+connlist+txt    ${ms(modelMs + connlistMs + formatMs)}`);
  console.log(`  streamed txt (CLI)    ${ms(streamMs)}  (connlist and text together, ${(streamed / 1e6).toFixed(1)} MB)`);
  console.log(`  explain               ${(explainTotal / pairs).toFixed(3)} ms per pair (target <= 50 ms; ${pairs} pairs)`);
  console.log(`  ${networkChecks.length} network checks     ${ms(checksMs)}  (${findings} findings, model built again inside)`);
}

const dir = corpusPath('netpol-analyzer', 'tests', 'ipblockstest_4');
const [ipLoaded, ipLoadMs] = await (async () => {
  const start = cpuMs();
  const value = await loadPaths([dir]);
  return [value, cpuMs() - start] as const;
})();
const [ipLines, ipMs] = time(() => formatConnlist(connlist(buildNetworkModel(ipLoaded.inventory, { hostNetwork: 'pod' })), 'txt').split('\n').length);

console.log(`network bench (CPU time of this process)`);
scenario('segmented: every namespace denies by default', false, false);
scenario('permissive: half the namespaces leave egress open', true, false);
scenario('segmented, plus a cluster-wide AdminNetworkPolicy', false, true);
console.log(`peak RSS over all scenarios: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target <= 2048 MB)`);
console.log(`ipblockstest_4: ${ipLines} lines`);
console.log(`  baseline (load)      ${ms(ipLoadMs)}`);
console.log(`  model+connlist+txt   ${ms(ipMs)}  (${(ipMs / ipLoadMs).toFixed(2)}x baseline; target <= 2000 ms)`);
console.log(`(wall time of the timed sections: ${ms(wallTotal)})`);
