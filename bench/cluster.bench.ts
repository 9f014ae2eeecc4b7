/**
 * Cluster scan and operator benchmark against the stand-in API server (there is no real API
 * server here): 20,000 pods (15,000 of them created by the Deployments' ReplicaSets), 5,000
 * Deployments, 2,000 Services, 1,000 NetworkPolicies and 50,000 RBAC bindings in 200 namespaces.
 *
 * The server runs in a child process so that the memory figure is the scanner's own. Figures:
 * - baseline: reading every page of every list over HTTPS and parsing the JSON, nothing else;
 * - full scan: discovery, paginated lists, inventory, the whole default catalogue (RBAC and
 *   network analysers included), end to end, with the peak resident memory;
 * - operator: re-evaluating one changed Deployment (median and p95 of 200 changes), against the
 *   baseline of running the same checks on that object alone.
 *
 *   node --import tsx bench/cluster.bench.ts
 */
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { ALL_CHECKS } from '../src/checks/index.js';
import { OperatorState } from '../src/cluster/operator-state.js';
import { emptyConfig } from '../src/core/config.js';
import { analyze } from '../src/core/engine.js';
import { Inventory } from '../src/core/inventory.js';
import type { KubeObject } from '../src/core/k8s/object.js';
import { selectChecks } from '../src/core/registry.js';
import { loadClusterInventory } from '../src/load/cluster/index.js';
import { makePki, writeKubeconfig, type TestPki } from '../test/cluster/certs.js';
import { FakeApiServer, type JsonObject } from '../test/cluster/fake-api-server.js';

const NAMESPACES = 200;
const DEPLOYMENTS = 5_000;
const OWNED_PODS = 15_000;
const BARE_PODS = 5_000;
const SERVICES = 2_000;
const POLICIES = 1_000;
const BINDINGS = 50_000;
const TOKEN = 'bench-token';

function podSpec(i: number): Record<string, unknown> {
  const hardened = i % 3 !== 0;
  return {
    serviceAccountName: `sa-${i % 10}`,
    containers: [
      {
        name: 'app',
        image: `registry.example.com/team-${i % 40}/app:${1 + (i % 7)}.0`,
        ports: [{ containerPort: 8080 }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
        ...(hardened ? { securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } } : {}),
      },
    ],
  };
}

/** The cluster, generated deterministically. */
export function generateCluster(): JsonObject[] {
  const out: JsonObject[] = [];
  const ns = (i: number) => `team-${i % NAMESPACES}`;
  for (let n = 0; n < NAMESPACES; n++) {
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}`, labels: { 'kubernetes.io/metadata.name': `team-${n}`, tier: n % 2 ? 'front' : 'back' } } });
    for (let s = 0; s < 10; s++) out.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `sa-${s}`, namespace: `team-${n}` } });
    out.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'deployer', namespace: `team-${n}` }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'update'] }] });
  }
  out.push({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'viewer' }, rules: [{ apiGroups: [''], resources: ['pods', 'services'], verbs: ['get', 'list', 'watch'] }] });
  for (let d = 0; d < DEPLOYMENTS; d++) {
    const labels = { app: `app-${d}` };
    out.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${d}`, namespace: ns(d) }, spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(d) } } });
    out.push({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `app-${d}-5d8f`, namespace: ns(d), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: `app-${d}`, controller: true }] }, spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec(d) } } });
  }
  for (let p = 0; p < OWNED_PODS; p++) {
    const d = p % DEPLOYMENTS;
    out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `app-${d}-5d8f-${p}`, namespace: ns(d), labels: { app: `app-${d}` }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app-${d}-5d8f`, controller: true }] }, spec: podSpec(d) });
  }
  for (let p = 0; p < BARE_PODS; p++) out.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `tool-${p}`, namespace: ns(p), labels: { app: `tool-${p % 50}` } }, spec: podSpec(p) });
  for (let s = 0; s < SERVICES; s++) out.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${s}`, namespace: ns(s) }, spec: { type: s % 50 === 0 ? 'LoadBalancer' : 'ClusterIP', selector: { app: `app-${s}` }, ports: [{ port: 80, targetPort: 8080 }] } });
  for (let p = 0; p < POLICIES; p++) {
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `allow-${p}`, namespace: ns(p) },
      spec: { podSelector: { matchLabels: { app: `app-${p}` } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { tier: 'front' } } }], ports: [{ port: 8080 }] }] },
    });
  }
  for (let b = 0; b < BINDINGS; b++) {
    const namespace = ns(b);
    out.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `bind-${b}`, namespace },
      roleRef: b % 2 ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' } : { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'viewer' },
      subjects: [b % 5 === 0 ? { kind: 'User', name: `user-${b % 997}@example.com`, apiGroup: 'rbac.authorization.k8s.io' } : { kind: 'ServiceAccount', name: `sa-${b % 10}`, namespace }],
    });
  }
  return out;
}

async function serve(): Promise<void> {
  const [cert, key, ca] = JSON.parse(process.env.BENCH_TLS!) as [string, string, string];
  const server = new FakeApiServer({ tls: { cert, key, ca }, token: TOKEN });
  server.load(generateCluster());
  process.stdout.write(`${await server.start()}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
}

function getJson(url: string, pki: TestPki): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: pki.caCert, headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>));
    });
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Baseline: every page of every collection the scan reads, fetched and parsed, one at a time per collection, 4 at a time. */
async function rawListSeconds(url: string, pki: TestPki, paths: string[]): Promise<{ seconds: number; objects: number }> {
  const started = performance.now();
  let objects = 0;
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++]!;
      let token: string | undefined;
      do {
        const body = await getJson(`${url}${path}?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`, pki);
        objects += (body.items as unknown[]).length;
        token = (body.metadata as { continue?: string }).continue || undefined;
      } while (token);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { seconds: (performance.now() - started) / 1000, objects };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function main(): Promise<void> {
  const pki = makePki();
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    env: { ...process.env, BENCH_TLS: JSON.stringify([pki.serverCert, pki.serverKey, pki.caCert]) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 15 * 60_000);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
    const kubeconfig = writeKubeconfig(pki.dir, url, pki, { token: TOKEN });
    const checks = selectChecks(ALL_CHECKS, { policy: 'default', only: [], skip: [], enable: [] }).checks;
    const options = { now: new Date('2026-01-15T12:00:00Z'), pssVersion: 'latest', kubeVersion: 'v1.34', settings: {} };

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const loaded = await loadClusterInventory({ kubeconfig, progress: false, kubeletConfig: false });
    const listed = performance.now();
    const result = analyze(loaded.inventory, checks, options, emptyConfig());
    const scanned = performance.now();
    const cpu = process.cpuUsage(cpuStart);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    const paths = loaded.listed.map((r) => (r.group === '' ? `/api/v1/${r.resource}` : `/apis/${r.groupVersion}/${r.resource}`));
    const rawCpuStart = process.cpuUsage();
    const raw = await rawListSeconds(url, pki, paths);
    const rawCpu = process.cpuUsage(rawCpuStart);

    const fullSeconds = (scanned - started) / 1000;
    console.log(`cluster: ${raw.objects.toLocaleString('en-US')} objects listed, ${loaded.inventory.size.toLocaleString('en-US')} in the inventory, ${result.findings.length.toLocaleString('en-US')} findings from ${checks.length} checks`);
    console.log(`baseline raw list (HTTPS + JSON.parse, every page): ${raw.seconds.toFixed(2)} s (processor ${((rawCpu.user + rawCpu.system) / 1e6).toFixed(2)} s)`);
    console.log(`full scan end to end: ${fullSeconds.toFixed(2)} s (list + inventory ${((listed - started) / 1000).toFixed(2)} s, analysis ${((scanned - listed) / 1000).toFixed(2)} s) = ${(fullSeconds / raw.seconds).toFixed(2)}x the raw list; budget 30 s`);
    // Wall time depends on what else the machine runs; the scanner's own processor time does not.
    console.log(`scanner processor time (user + system): ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s for the ${fullSeconds.toFixed(2)} s of wall time`);
    console.log(`peak resident memory: ${(peakRss / 2 ** 20).toFixed(0)} MiB; budget 2048 MiB`);

    const state = new OperatorState({ checks, config: emptyConfig(), options });
    state.load(loaded.inventory.entries.map((e) => e.object));
    const deployments = loaded.inventory.ofKind('Deployment').map((e) => e.object);
    const times: number[] = [];
    const alone: number[] = [];
    for (let i = 0; i < 200; i++) {
      const changed = structuredClone(deployments[(i * 37) % deployments.length]!) as KubeObject;
      (changed.spec as { replicas: number }).replicas = 5 + i;
      const t0 = performance.now();
      state.apply('MODIFIED', changed, options);
      times.push(performance.now() - t0);
      const t1 = performance.now();
      analyze(Inventory.of([changed]), checks.filter((c) => c.scope !== 'inventory'), options, emptyConfig());
      alone.push(performance.now() - t1);
    }
    times.sort((a, b) => a - b);
    alone.sort((a, b) => a - b);
    const median = percentile(times, 50);
    const baseline = percentile(alone, 50);
    console.log(`operator re-evaluation of a changed Deployment: median ${median.toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms (budget 50 ms); baseline same checks on the object alone ${baseline.toFixed(2)} ms = ${(median / baseline).toFixed(1)}x`);
  } finally {
    clearTimeout(killer);
    child.stdin.end();
    pki.cleanup();
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
