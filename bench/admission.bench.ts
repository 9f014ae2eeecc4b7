// Admission webhook under load, over HTTPS on loopback: autocannon for maximum throughput, an
// open-loop paced client for the sustained rate (autocannon's rate limit sends bursts).
// The request: a realistic AdmissionReview (CREATE of a Deployment with two containers and its
// last-applied-configuration annotation, about 6 KB) against /validate with the full default
// catalogue.
// Figures: maximum throughput with one process, then with as many processes as cores (node:cluster
// sharing the port, as `webhook serve` runs by default); a sustained fixed rate (default 1,000
// req/s, one request every millisecond) with p99 latency, errors and the servers' memory growth
// over the run, against the bare server's p99 under the same client as the latency floor.
// Baseline, measured in the same run with the same client, settings and number of processes: a
// bare Node HTTPS server that reads the body and answers a fixed AdmissionReview; our throughput
// is printed as a fraction of it, by req/s and by server CPU per request. A second bare server
// also reads and parses the review, the least any webhook does: its fraction is the most a
// webhook can reach. Between the baseline and ours, our server layer alone (a controller that
// allows every review unjudged): the differences in server CPU per request split ours into the
// bare floor, the server layer and the decision. Each server
// reports its garbage collections over the sustained run (the pauses are where a tail comes from).
// Servers run in child processes, so that client and servers do not share an event loop; on
// this machine they do share the cores, and the load average is printed at start and end.
// Run alone: node --import tsx bench/admission.bench.ts [sustained-seconds] [rate]
//   (BENCH_SECONDS and BENCH_RATE work too; max-throughput runs last min(15, seconds) s;
//   BENCH_WORKERS sets the process count of the multi-process runs, default the core count.)
import { fork, type ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request } from 'node:https';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { applicableTo } from '../src/admission/applicable.js';
import { AdmissionController } from '../src/admission/decide.js';
import { generateWebhookCertificates, writeWebhookCertificates } from '../src/admission/certs.js';
import { loadControllerInput } from '../src/admission/load.js';
import { parseReview } from '../src/admission/review.js';
import { startWebhookServer, type Reviewer } from '../src/admission/server.js';
import { analyze } from '../src/core/engine.js';
import { Inventory } from '../src/core/inventory.js';

const ROLE = process.env.STOCKADE_BENCH_ROLE;
const SECONDS = Number(process.argv[2] ?? process.env.BENCH_SECONDS ?? 60);
const RATE = Number(process.argv[3] ?? process.env.BENCH_RATE ?? 1000);
const MAX_SECONDS = Math.min(15, SECONDS);

function reviewBody(): string {
  const container = (name: string, image: string, port: number) => ({
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    ],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    livenessProbe: { httpGet: { path: '/healthz', port, scheme: 'HTTP' }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: '/readyz', port, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  });
  const spec = {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web', tier: 'frontend' } },
      spec: {
        securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
        automountServiceAccountToken: false,
        serviceAccountName: 'web',
        containers: [container('web', 'registry.example.com/shop/web:1.4.2', 8080), container('metrics', 'registry.example.com/shop/exporter:0.9.1', 9100)],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
      },
    },
  };
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      labels: { app: 'web', tier: 'frontend' },
      // kubectl apply sends the whole object again in this annotation: the usual size of a real review.
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec }) },
    },
    spec,
  };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'web',
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'admin', groups: ['system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions', fieldManager: 'kubectl-client-side-apply' },
    },
  });
}

/**
 * Child process with STOCKADE_BENCH_WORKERS > 1: a cluster primary that forks the webhook
 * workers (sharing one port) and answers for them, memory being the sum of theirs.
 */
async function supervise(count: number): Promise<void> {
  const workers = Array.from({ length: count }, () => cluster.fork());
  const ports = await Promise.all(workers.map((w) => new Promise<number>((resolve) => w.once('message', (m) => resolve((m as { port: number }).port)))));
  process.on('message', async (message) => {
    if (message !== 'memory') return;
    const answers = await Promise.all(workers.map((w) => new Promise<Stats>((resolve) => (w.once('message', (m) => resolve(m as Stats)), w.send('memory')))));
    const sum = (of: (m: Stats) => number) => answers.reduce((a, m) => a + of(m), 0);
    const gc: GcStats = { scavenges: sum((m) => m.gc.scavenges), markCompacts: sum((m) => m.gc.markCompacts), pauseMs: sum((m) => m.gc.pauseMs), longestPauseMs: Math.max(...answers.map((m) => m.gc.longestPauseMs)) };
    process.send!({ rss: sum((m) => m.rss), heapUsed: sum((m) => m.heapUsed), cpuMicros: sum((m) => m.cpuMicros), gc } satisfies Stats);
  });
  process.send!({ port: ports[0] });
}

/** Child process: one server, answering the parent's memory questions over IPC. */
async function serve(): Promise<void> {
  const cert = process.env.STOCKADE_BENCH_CERT!;
  const key = process.env.STOCKADE_BENCH_KEY!;
  let port: number;
  if (ROLE === 'bare' || ROLE === 'parse') {
    const fixed = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true } });
    const { readFileSync } = await import('node:fs');
    const answer = (res: ServerResponse) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(fixed) });
      res.end(fixed);
    };
    const server = createServer({ cert: readFileSync(cert), key: readFileSync(key), minVersion: 'TLSv1.2' }, (req, res) => {
      if (ROLE === 'bare') {
        req.resume();
        req.on('end', () => answer(res));
        return;
      }
      // The least any webhook does: read the review and parse it.
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        // Decoded where it lies when it came in one chunk, as our server does.
        JSON.parse(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
        answer(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 4096, resolve));
    port = (server.address() as { port: number }).port;
  } else {
    let controller: Reviewer;
    if (ROLE === 'layer') controller = allowEverything;
    else {
      const input = loadControllerInput({ kubeVersion: 'v1.34' });
      controller = new AdmissionController(input, { now: () => new Date(), auditLog: () => {} });
    }
    const server = await startWebhookServer({ tls: { cert, key }, port: 0, host: '127.0.0.1', controller: Promise.resolve(controller), log: () => {} });
    port = server.port;
  }
  const gc = watchGarbageCollection();
  process.on('message', (message) => {
    if (message === 'memory') {
      (globalThis as { gc?: () => void }).gc?.();
      const cpu = process.cpuUsage();
      process.send!({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed, cpuMicros: cpu.user + cpu.system, gc: { ...gc } } satisfies Stats);
    }
  });
  process.send!({ port });
}

/**
 * Answers every review "allowed" without judging it: a server with it costs what our server
 * layer costs (TLS, HTTP, body, JSON.parse, AdmissionReview validation, metrics, the answer),
 * and the rest of the webhook's cost is the decision.
 */
const allowEverything: Reviewer = {
  review: (_endpoint, review) => Promise.resolve({ response: { uid: review.request.uid, allowed: true }, decision: 'allow', errors: [], audited: [] }),
};

interface GcStats {
  scavenges: number;
  markCompacts: number;
  /** Time the garbage collector held the main thread, in total and at most at once. */
  pauseMs: number;
  longestPauseMs: number;
}

/** This process's garbage collections since the call, as they are reported; the bench's own forced collections are left out. */
function watchGarbageCollection(): GcStats {
  const gc: GcStats = { scavenges: 0, markCompacts: 0, pauseMs: 0, longestPauseMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { kind, flags } = (entry as unknown as { detail: { kind: number; flags: number } }).detail;
      if (flags & perfConstants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) gc.scavenges++;
      else if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) gc.markCompacts++;
      gc.pauseMs += entry.duration;
      gc.longestPauseMs = Math.max(gc.longestPauseMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  return gc;
}

type Role = 'bare' | 'parse' | 'layer' | 'webhook';

function startChild(role: Role, cert: string, key: string, workers = 1): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, STOCKADE_BENCH_ROLE: role, STOCKADE_BENCH_CERT: cert, STOCKADE_BENCH_KEY: key, STOCKADE_BENCH_WORKERS: String(workers) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`${role} server exited (${code})`)));
  });
}

interface Stats {
  rss: number;
  heapUsed: number;
  /** CPU time the server process has used so far (user + system). */
  cpuMicros: number;
  gc: GcStats;
}

function stats(child: ChildProcess): Promise<Stats> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as Stats));
    child.send('memory');
  });
}

/**
 * Runs a load and also returns the server's CPU time per answered request: unlike req/s, it
 * does not depend on what else the machine is doing, so the ratio of the two servers' CPU per
 * request is the throughput ratio they would reach on an idle machine.
 */
async function measured(child: ChildProcess, port: number, body: string, seconds: number): Promise<{ result: autocannon.Result; cpuPerRequest: number }> {
  const before = await stats(child);
  const result = await load(port, body, seconds);
  const after = await stats(child);
  return { result, cpuPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, result.requests.total) };
}

function load(port: number, body: string, seconds: number, extra: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `https://127.0.0.1:${port}/validate`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections: 32,
        pipelining: 1,
        duration: seconds,
        timeout: 5,
        ...extra,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

interface PacedResult {
  sent: number;
  ok: number;
  failed: number;
  achievedRate: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * A constant arrival rate, open loop: request i is due at start + i / rate, whatever happened to
 * the others. autocannon's rate limit cannot measure this: each connection sends its quota for the
 * second as fast as it can, then waits for the next second, so "1,000 req/s" becomes 50
 * connections in a burst every second and its latency is that burst's queue. Latency here counts
 * from when a request was due, so a client or server that falls behind shows it (coordinated
 * omission). Connections are kept alive, as the API server keeps them.
 */
async function paced(port: number, body: string, seconds: number, rate: number, agent: Agent): Promise<PacedResult> {
  const payload = Buffer.from(body);
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const total = Math.round(seconds * rate);
  const start = performance.now();
  let outstanding = 0;
  let drained: (() => void) | undefined;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      outstanding++;
      const req = request(
        { host: '127.0.0.1', port, path: '/validate', method: 'POST', agent, timeout: 5000, headers: { 'content-type': 'application/json', 'content-length': payload.length } },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if (res.statusCode === 200) ok++;
            else failed++;
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(payload);
    });
  for (let i = 0; i < total; ) {
    const now = performance.now();
    // Send everything that is due (a timer may fire late), then sleep until the next is.
    while (i < total && start + (i * 1000) / rate <= now) {
      const due = start + (i * 1000) / rate;
      void send(due).then(() => {
        if (--outstanding === 0) drained?.();
      });
      i++;
    }
    if (i < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + (i * 1000) / rate - performance.now())));
  }
  if (outstanding > 0) await new Promise<void>((resolve) => (drained = resolve));
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { sent: total, ok, failed, achievedRate: total / elapsed, p50: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1] ?? NaN };
}

/** Seconds of the rate sent before the measured run, to open the client's connections (TLS handshakes). */
const CONNECTING_SECONDS = 3;

/** The sustained run: the client's connections opened at the rate first, unmeasured. */
async function sustainedRun(port: number, body: string, ca: string): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64, ca });
  try {
    await paced(port, body, CONNECTING_SECONDS, RATE, agent);
    return await paced(port, body, SECONDS, RATE, agent);
  } finally {
    agent.destroy();
  }
}

function describePaced(run: PacedResult): string {
  return (
    `open-loop client (one request every ${(1000 / RATE).toFixed(2)} ms, latency from when each was due) ` +
    `${run.achievedRate.toFixed(0)} req/s, p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, max ${run.max.toFixed(1)} ms, ${run.failed} errors of ${run.sent}`
  );
}

/** Enough requests for every process to have compiled its hot paths (JIT) before anything is measured. */
function warmUp(port: number, body: string, processes: number): Promise<autocannon.Result> {
  return load(port, body, 0, { amount: 4000 * processes });
}

function describe(result: autocannon.Result): string {
  const errors = result.errors + result.timeouts + result.non2xx;
  return `${result.requests.average.toFixed(0)} req/s (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${errors} errors/timeouts/non-2xx of ${result.requests.total})`;
}

/** CPU per request of the whole decision (parse, judge, serialise) and of the checks alone. */
async function breakdown(input: ReturnType<typeof loadControllerInput>, body: string, kind: string): Promise<string> {
  const controller = new AdmissionController(input, { now: () => new Date(), auditLog: () => {} });
  const options = { now: new Date(), pssVersion: input.pssVersion, kubeVersion: input.kubeVersion, settings: input.config.settings };
  // The checks the webhook runs for this kind, as the controller selects them.
  const checks = applicableTo(input.checks, kind);
  // The least of three rounds: what other processes on the machine add is noise, never signal.
  const cpu = async (run: () => unknown, n = 3000): Promise<number> => {
    let least = Infinity;
    for (let round = 0; round < 3; round++) {
      const start = process.cpuUsage();
      for (let i = 0; i < n; i++) await run();
      const used = process.cpuUsage(start);
      least = Math.min(least, (used.user + used.system) / n);
    }
    return least;
  };
  const decide = async () => JSON.stringify((await controller.review('validate', parseReview(JSON.parse(body)))).response);
  const parse = () => JSON.parse(body);
  // A freshly parsed object each time, as in a real request (checks may cache per object).
  const check = () => analyze(Inventory.of([JSON.parse(body).request.object], 'admission'), checks, options, input.config);
  // One round to warm the JIT for all three, then the measured round.
  for (const run of [decide, parse, check]) await cpu(run, 1000);
  const whole = await cpu(decide);
  const parsing = await cpu(parse);
  const checking = (await cpu(check)) - parsing;
  const rest = Math.max(0, whole - parsing - checking);
  return `decision ${whole.toFixed(0)} us = JSON.parse ${parsing.toFixed(0)} us + the ${checks.length} checks that apply to a ${kind} ${checking.toFixed(0)} us + the rest of the webhook ${rest.toFixed(0)} us`;
}

function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function processes(n: number): string {
  return n === 1 ? '1 process' : `${n} processes (node:cluster, one port)`;
}

/**
 * Maximum throughput of the baseline, of our server layer alone (every review allowed
 * unjudged) and of the webhook, each with the same number of processes; the differences in
 * server CPU per request say where the webhook's CPU goes.
 */
async function compare(count: number, cert: string, key: string, body: string): Promise<void> {
  const bare = await startChild('bare', cert, key, count);
  const parsing = await startChild('parse', cert, key, count);
  const layer = await startChild('layer', cert, key, count);
  const webhook = await startChild('webhook', cert, key, count);
  try {
    for (const server of [bare, parsing, layer, webhook]) await warmUp(server.port, body, count);
    const { result: floor, cpuPerRequest: floorCpu } = await measured(bare.child, bare.port, body, MAX_SECONDS);
    const { result: parsed, cpuPerRequest: parseCpu } = await measured(parsing.child, parsing.port, body, MAX_SECONDS);
    const { result: unjudged, cpuPerRequest: layerCpu } = await measured(layer.child, layer.port, body, MAX_SECONDS);
    const { result: ours, cpuPerRequest: ourCpu } = await measured(webhook.child, webhook.port, body, MAX_SECONDS);
    console.log(`  max throughput, ${processes(count)} each; client autocannon, 32 connections, on the same cores`);
    console.log(`    baseline: bare Node HTTPS, fixed answer  ${describe(floor)}; server CPU ${floorCpu.toFixed(0)} us/request`);
    console.log(
      `    bare server that also parses the review  ${describe(parsed)}; server CPU ${parseCpu.toFixed(0)} us/request = ${((floorCpu / parseCpu) * 100).toFixed(0)} % of the baseline by CPU, ${((parsed.requests.average / floor.requests.average) * 100).toFixed(0)} % by req/s (the most any webhook that reads its review can reach)`,
    );
    console.log(`    our server layer, reviews not judged     ${describe(unjudged)}; server CPU ${layerCpu.toFixed(0)} us/request`);
    console.log(`    stockade                                 ${describe(ours)}; server CPU ${ourCpu.toFixed(0)} us/request`);
    console.log(
      `    stockade / baseline                      ${((ours.requests.average / floor.requests.average) * 100).toFixed(0)} % by req/s, ${((floorCpu / ourCpu) * 100).toFixed(0)} % by server CPU per request (goal >= 60 %; goal >= 3000 req/s)`,
    );
    console.log(
      `    our server CPU per request               ${ourCpu.toFixed(0)} us = bare HTTPS ${floorCpu.toFixed(0)} us + server layer (body, JSON.parse, review validation, metrics, answer) ${(layerCpu - floorCpu).toFixed(0)} us + decision (checks, engine, answer shaping, their garbage) ${(ourCpu - layerCpu).toFixed(0)} us`,
    );
  } finally {
    for (const server of [bare, parsing, layer, webhook]) server.child.kill();
  }
}

/** What the garbage collector did in a server between two stats `seconds` apart. */
function describeGc(before: Stats, after: Stats, seconds: number): string {
  const pauseMs = after.gc.pauseMs - before.gc.pauseMs;
  return (
    `${after.gc.scavenges - before.gc.scavenges} scavenges, ${after.gc.markCompacts - before.gc.markCompacts} mark-compacts, ` +
    `paused ${pauseMs.toFixed(0)} ms in all (${((pauseMs / (seconds * 1000)) * 100).toFixed(1)} % of the run${before.gc.longestPauseMs < after.gc.longestPauseMs ? `, longest ${after.gc.longestPauseMs.toFixed(1)} ms` : ''})`
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stockade-admission-bench-'));
  const certs = generateWebhookCertificates({ service: 'stockade-webhook', namespace: 'stockade-system', ipAddresses: ['127.0.0.1'] });
  writeWebhookCertificates(dir, certs);
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  const body = reviewBody();
  writeFileSync(join(dir, 'review.json'), body);
  const workers = Number(process.env.BENCH_WORKERS ?? availableParallelism());

  const input = loadControllerInput({ kubeVersion: 'v1.34' });
  console.log(`admission bench: /validate over HTTPS on loopback, ${(body.length / 1024).toFixed(1)} KB AdmissionReview (Deployment, 2 containers), ${input.checks.length} checks (default set)`);
  console.log(`  ${availableParallelism()} cores; load average at start ${loadAverage()}`);
  console.log(`  where a request's CPU goes (in process, no network): ${await breakdown(input, body, 'Deployment')}`);

  await compare(1, cert, key, body);
  if (workers > 1) await compare(workers, cert, key, body);

  // Latency floor: the bare server under the same open-loop client, same rate and processes.
  const bare = await startChild('bare', cert, key, workers);
  try {
    await warmUp(bare.port, body, workers);
    const before = await stats(bare.child);
    const floor = await sustainedRun(bare.port, body, certs.caCert);
    const after = await stats(bare.child);
    console.log(`  baseline: bare Node HTTPS sustained ${RATE} req/s for ${SECONDS} s, ${processes(workers)}: ${describePaced(floor)}`);
    console.log(`    its garbage collection: ${describeGc(before, after, CONNECTING_SECONDS + SECONDS)}`);
  } finally {
    bare.child.kill();
  }
  const webhook = await startChild('webhook', cert, key, workers);
  try {
    await warmUp(webhook.port, body, workers);
    const before = await stats(webhook.child);
    const sustained = await sustainedRun(webhook.port, body, certs.caCert);
    const after = await stats(webhook.child);
    const growth = (after.rss - before.rss) / before.rss;
    console.log(`  stockade sustained ${RATE} req/s for ${SECONDS} s, ${processes(workers)}: ${describePaced(sustained)} (goal: p99 <= 5 ms, 0 errors)`);
    console.log(`    its garbage collection: ${describeGc(before, after, CONNECTING_SECONDS + SECONDS)}`);
    console.log(
      `  server memory over the sustained run       RSS ${workers > 1 ? '(sum over the processes) ' : ''}${(before.rss / 1e6).toFixed(0)} -> ${(after.rss / 1e6).toFixed(0)} MB (${(growth * 100).toFixed(1)} %, goal <= 10 %), heap ${(before.heapUsed / 1e6).toFixed(0)} -> ${(after.heapUsed / 1e6).toFixed(0)} MB`,
    );
  } finally {
    webhook.child.kill();
  }
  console.log(`  load average at end ${loadAverage()}`);
}

const WORKERS = Number(process.env.STOCKADE_BENCH_WORKERS ?? 1);
if (ROLE && WORKERS > 1 && cluster.isPrimary) await supervise(WORKERS);
else if (ROLE) await serve();
else await main();
