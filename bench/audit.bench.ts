// Audit detection throughput: 1,000,000 synthetic but realistic audit events (the mix an API
// server logs: 98 % controllers', kubelets' and pods' reads, watches and lease updates plus pod
// creations with full specs; 2 % people's kubectl sessions with exec, secrets reads, refusals) are generated as JSON
// lines into a temporary file, then read back twice in this process:
//   floor: read, split into lines and JSON.parse each line (no detection)
//   full:  the same, plus the default rule set with its stateful detections AND Falco's current
//          k8saudit rules, on every event
// (measured chunk by chunk, alternating, so that both see the same machine load)
// It prints both rates, their ratio, and heap samples during the full run (memory must stay flat).
// Run alone: node --import tsx bench/audit.bench.ts [events]
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { corpusPath } from '../test/corpus.js';
import { buildDetector } from '../src/audit/default-rules.js';
import { eventsOfValue, LineSplitter } from '../src/audit/reader.js';

const TOTAL = Number(process.argv[2] ?? 1_000_000);

let seed = 42;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
}
const pick = <T>(items: readonly T[]): T => items[rand(items.length)];

const appNamespaces = ['default', 'shop', 'payments', 'monitoring', 'ingress-nginx', 'data'];
const namespaces = [...appNamespaces, 'kube-system'];
const people = ['alice@example.com', 'bob@example.com', 'carol@example.com', 'ci-deployer'];
const controllers = ['replicaset-controller', 'deployment-controller', 'endpointslice-controller', 'namespace-controller', 'generic-garbage-collector'];
const images = ['nginx:1.27', 'registry.example.com/shop/web:2.4.1', 'redis:7-alpine', 'busybox', 'ghcr.io/acme/worker@sha256:0d3e'];

function base(i: number, time: Date, username: string, groups: string[], verb: string, uri: string, objectRef: Record<string, string>, code: number, ip: string): Record<string, unknown> {
  const ts = time.toISOString().replace('Z', '123Z');
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `5f1d${i.toString(16).padStart(8, '0')}-7c1a-4c52-9d1e-${(i * 7919).toString(16).padStart(12, '0').slice(-12)}`,
    stage: 'ResponseComplete',
    requestURI: uri,
    verb,
    user: { username, groups },
    sourceIPs: [ip],
    userAgent: username.startsWith('system:') ? 'kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/39683505' : 'kubectl/v1.30.2 (linux/amd64) kubernetes/39683505',
    objectRef,
    responseStatus: { metadata: {}, code },
    requestReceivedTimestamp: ts,
    stageTimestamp: ts,
    annotations: { 'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow', 'authorization.k8s.io/reason': code === 403 ? '' : 'RBAC: allowed by ClusterRoleBinding "system:controller"' },
  };
}

function event(i: number): Record<string, unknown> {
  const time = new Date(Date.UTC(2026, 2, 1, 8) + i * 3);
  const ns = pick(namespaces);
  const r = rand(1000);
  if (r < 400) {
    const node = `worker-${rand(40)}`;
    return base(i, time, `system:node:${node}`, ['system:nodes', 'system:authenticated'], 'get', `/api/v1/namespaces/${ns}/pods/web-${rand(500)}`, { resource: 'pods', namespace: ns, name: `web-${rand(500)}`, apiVersion: 'v1' }, 200, `10.0.1.${rand(40)}`);
  }
  if (r < 700) {
    const c = pick(controllers);
    const lease = base(i, time, `system:serviceaccount:kube-system:${c}`, ['system:serviceaccounts', 'system:authenticated'], 'update', `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${c}`, { resource: 'leases', namespace: 'kube-system', name: c, apiGroup: 'coordination.k8s.io', apiVersion: 'v1' }, 200, '10.0.0.10');
    return lease;
  }
  if (r < 950) {
    return base(i, time, `system:serviceaccount:${ns}:default`, ['system:serviceaccounts', 'system:authenticated'], pick(['list', 'watch']), `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${i}`, { resource: 'configmaps', namespace: ns, apiVersion: 'v1' }, 200, `10.2.${rand(200)}.${rand(250)}`);
  }
  if (r < 980) {
    const name = `web-${rand(100000).toString(36)}`;
    const podNs = pick(appNamespaces);
    const ev = base(i, time, 'system:serviceaccount:kube-system:replicaset-controller', ['system:serviceaccounts', 'system:authenticated'], 'create', `/api/v1/namespaces/${podNs}/pods`, { resource: 'pods', namespace: podNs, apiVersion: 'v1' }, 201, '10.0.0.10');
    ev.level = 'RequestResponse';
    const privileged = rand(50) === 0;
    ev.requestObject = {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { generateName: 'web-', labels: { app: 'web', 'pod-template-hash': '5d8f7c' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c', controller: true }] },
      spec: {
        volumes: [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } }, ...(rand(40) === 0 ? [{ name: 'host', hostPath: { path: pick(['/var/log', '/etc', '/var/run/docker.sock']) } }] : [])],
        containers: [
          { name: 'web', image: pick(images), ports: [{ containerPort: 8080, protocol: 'TCP' }], resources: { limits: { cpu: '500m', memory: '256Mi' } }, securityContext: privileged ? { privileged: true } : { runAsNonRoot: true, allowPrivilegeEscalation: false } },
          { name: 'sidecar', image: 'envoyproxy/envoy:v1.30', securityContext: { readOnlyRootFilesystem: true } },
        ],
        hostNetwork: rand(100) === 0,
        serviceAccountName: 'default',
      },
    };
    ev.responseObject = { kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: podNs, uid: `${i}` } };
    return ev;
  }
  const person = pick(people);
  const ip = rand(200) === 0 ? `203.0.113.${rand(250)}` : `192.168.10.${people.indexOf(person)}`;
  if (r < 983) {
    const pod = `web-${rand(50)}`;
    const cmd = pick([['sh'], ['tar', 'cf', '-', '/data'], ['sh', '-c', 'env | base64'], ['ls', '-la'], ['cat', '/etc/hostname']]);
    const ev = base(i, time, person, ['developers', 'system:authenticated'], 'create', `/api/v1/namespaces/${ns}/pods/${pod}/exec?${cmd.map((c) => `command=${encodeURIComponent(c)}`).join('&')}&container=web&stdin=true&stdout=true&tty=true`, { resource: 'pods', namespace: ns, name: pod, subresource: 'exec', apiVersion: 'v1' }, 101, ip);
    ev.stage = 'ResponseStarted';
    return ev;
  }
  if (r < 988) {
    const code = rand(3) === 0 ? 403 : 200;
    return base(i, time, person, ['developers', 'system:authenticated'], 'get', `/api/v1/namespaces/${ns}/secrets/db-credentials`, { resource: 'secrets', namespace: ns, name: 'db-credentials', apiVersion: 'v1' }, code, ip);
  }
  if (r < 997) {
    return base(i, time, person, ['developers', 'system:authenticated'], 'list', `/apis/apps/v1/namespaces/${ns}/deployments`, { resource: 'deployments', namespace: ns, apiGroup: 'apps', apiVersion: 'v1' }, rand(4) === 0 ? 403 : 200, ip);
  }
  const ev = base(i, time, person, ['developers', 'system:authenticated'], 'create', `/apis/apps/v1/namespaces/${ns}/deployments`, { resource: 'deployments', namespace: ns, name: 'api', apiGroup: 'apps', apiVersion: 'v1' }, 201, ip);
  ev.level = 'Request';
  ev.requestObject = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'api', namespace: ns }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'api', image: pick(images) }] } } } };
  return ev;
}

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path);
  let batch = '';
  for (let i = 0; i < TOTAL; i++) {
    batch += `${JSON.stringify(event(i))}\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

/** Processor time of this process in ms: unlike wall time, not inflated when other work shares the cores. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Reads the file once and measures both ways on every 1 MB chunk in turn: the floor (split +
 * JSON.parse) and the full run (split + JSON.parse + every rule). Pairing them chunk by chunk
 * keeps the ratio honest on a busy machine, where two separate passes minutes apart would see
 * different loads. Reading and splitting count in both. Times are processor time.
 */
async function measure(path: string, detect: (value: unknown) => number, sample: () => void): Promise<{ floor: number; full: number; alerts: number }> {
  let floor = 0;
  let full = 0;
  let alerts = 0;
  let lines = 0;
  let sink = 0;
  let pending: string[] = [];
  const splitter = new LineSplitter(
    (line) => pending.push(line),
    () => {
      throw new Error('line too long');
    },
  );
  const stream = createReadStream(path, { highWaterMark: 1 << 20 })[Symbol.asyncIterator]();
  for (;;) {
    const t0 = cpuMs();
    const next = await stream.next();
    const t1 = cpuMs();
    if (next.done) splitter.end();
    else splitter.push(next.value as Buffer);
    const batch = pending;
    pending = [];
    const t2 = cpuMs();
    for (const line of batch) sink += (JSON.parse(line) as { verb?: string }).verb?.length ?? 0;
    const t3 = cpuMs();
    for (const line of batch) {
      alerts += detect(JSON.parse(line));
      if (++lines % 100_000 === 0) sample();
    }
    const t4 = cpuMs();
    floor += t1 - t0 + (t2 - t1) + (t3 - t2);
    full += t1 - t0 + (t2 - t1) + (t4 - t3);
    if (next.done) break;
  }
  if (lines !== TOTAL || sink <= 0) throw new Error(`read ${lines} lines, expected ${TOTAL}`);
  return { floor: floor / 1000, full: full / 1000, alerts };
}

const dir = mkdtempSync(join(tmpdir(), 'stockade-audit-bench-'));
try {
  const file = join(dir, 'audit.log');
  await generate(file);
  // Both sets side by side in one detector, as `audit analyze --also-rules k8s_audit_rules.yaml` runs them.
  const { detector, ruleSets } = buildDetector([], [corpusPath('falco-k8saudit', 'rules', 'k8s_audit_rules.yaml')]);
  console.log(`audit detection: ${TOTAL.toLocaleString('en')} events, ${(statSync(file).size / 1e6).toFixed(0)} MB of JSON lines; rules: default set (${ruleSets[0].rules.length} + 2 stateful) and Falco's k8saudit set (${ruleSets[1].rules.length}) side by side`);

  const heap: number[] = [];
  const { floor: floorSeconds, full: fullSeconds, alerts } = await measure(
    file,
    (v) => {
      const parsed = eventsOfValue(v);
      if ('error' in parsed) throw new Error(parsed.error);
      let n = 0;
      for (const ev of parsed.events) n += detector.process(ev).length;
      return n;
    },
    () => heap.push(process.memoryUsage().heapUsed / 1e6),
  );
  const floorRate = TOTAL / floorSeconds;
  const fullRate = TOTAL / fullSeconds;
  console.log(`floor (read + JSON.parse):            ${Math.round(floorRate).toLocaleString('en')} events/s (${floorSeconds.toFixed(2)} s of processor time)`);
  console.log(`full  (read + parse + all rules):      ${Math.round(fullRate).toLocaleString('en')} events/s (${fullSeconds.toFixed(2)} s of processor time), ${alerts.toLocaleString('en')} alerts`);
  console.log(`ratio full/floor:                      ${((fullRate / floorRate) * 100).toFixed(1)} % (target ≥ 70 %; target rate ≥ 100,000 events/s)`);
  console.log(`heap during the full run (MB, every 100k events): ${heap.map((h) => h.toFixed(0)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
