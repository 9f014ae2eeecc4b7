/**
 * `stockade operator`: lists the cluster once, then follows it with watches (no polling),
 * re-evaluates each changed object as its event arrives, re-runs the cross-object analysers
 * shortly after a burst of changes, and writes the findings as one PolicyReport per namespace and
 * one ClusterPolicyReport. With images, the vulnerabilities of the images the workloads run go in
 * the same reports, re-matched when the vulnerability database changes. Exposes Prometheus metrics.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Watch } from '@kubernetes/client-node';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AnalysisOptions } from '../core/check.js';
import { SEVERITIES } from '../core/finding.js';
import { isRecord, type KubeObject } from '../core/k8s/object.js';
import { statusMessage } from '../load/cluster/client.js';
import { ClusterClient, collectionPath, loadClusterInventory, resourceName, type ClusterLoadOptions, type ServedResource } from '../load/cluster/index.js';
import { imageUses } from '../image/workloads.js';
import { OperatorImages, type OperatorImageOptions } from './operator-images.js';
import { OperatorState, type OperatorSettings, type WatchEventType } from './operator-state.js';
import { policyReports, REPORT_API_VERSION } from './policy-report.js';

/** A report write that failed is tried again after this long. */
const RETRY_WRITE_MS = 30_000;

export interface OperatorOptions extends ClusterLoadOptions {
  settings: Omit<OperatorSettings, 'options'>;
  /** Analysis options for a moment (the operator's clock is read here, at the edge). */
  optionsAt: (now: Date) => AnalysisOptions;
  /** Quiet time after a change before reports are written and cross-object checks re-run. */
  settleMs?: number;
  /** Port of the metrics endpoint (0: any free port); undefined: no endpoint. */
  metricsPort?: number;
  metricsHost?: string;
  /** Serve metrics over HTTPS with this certificate and key (PEM). */
  metricsTls?: { cert: string; key: string };
  /** Scan the images the workloads run, and re-match them when the vulnerability database changes. */
  images?: OperatorImageOptions & {
    /** How often the database's update marks are read. */
    pollMs?: number;
  };
  log?: (line: string) => void;
}

export interface OperatorHandle {
  state: OperatorState;
  /** The workloads' images, with --images. */
  images?: OperatorImages;
  metricsUrl?: string;
  /** Resolves when every watch is open. */
  watching: Promise<void>;
  /** Resolves after the next report write that follows a change seen so far. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOperator(options: OperatorOptions): Promise<OperatorHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`stockade operator: ${line}\n`));
  const client = options.client ?? (await ClusterClient.connect(options));
  const registry = new Registry();
  const metrics = {
    findings: new Gauge({ name: 'stockade_operator_findings', help: 'Unsuppressed findings in the cluster, by severity', labelNames: ['severity'], registers: [registry] }),
    objects: new Gauge({ name: 'stockade_operator_objects', help: 'Objects watched', registers: [registry] }),
    events: new Counter({ name: 'stockade_operator_watch_events_total', help: 'Watch events received, by type', labelNames: ['type'], registers: [registry] }),
    reevaluation: new Histogram({ name: 'stockade_operator_reevaluation_seconds', help: 'Time to re-evaluate one changed object', buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5], registers: [registry] }),
    reports: new Counter({ name: 'stockade_operator_reports_written_total', help: 'PolicyReport and ClusterPolicyReport writes', registers: [registry] }),
    errors: new Counter({ name: 'stockade_operator_errors_total', help: 'Failed operations (report writes, watches, image scans)', labelNames: ['operation'], registers: [registry] }),
    images: new Gauge({ name: 'stockade_operator_images', help: 'Distinct workload images with a vulnerability assessment', registers: [registry] }),
    imageScans: new Counter({ name: 'stockade_operator_image_scans_total', help: 'Images assessed: pulled from the registry, or a stored inventory re-matched', labelNames: ['source'], registers: [registry] }),
    databaseChanges: new Counter({ name: 'stockade_operator_vulndb_changes_total', help: 'Vulnerability database updates seen (changed update marks, or a replaced file)', registers: [registry] }),
    rescans: new Counter({ name: 'stockade_operator_image_rescans_total', help: 'Images re-matched against an updated vulnerability database (no pull)', registers: [registry] }),
  };

  const loaded = await loadClusterInventory({ ...options, client, progress: false, kubeletConfig: options.kubeletConfig ?? true });
  for (const note of loaded.notes) log(note.message);
  for (const error of loaded.errors) log(error.message);
  const state = new OperatorState({ ...options.settings, options: options.optionsAt(new Date()) });
  state.load(loaded.inventory.entries.map((e) => e.object));
  log(`watching ${state.size} objects in context "${client.contextName}"`);

  const written = new Map<string, string>();
  let stopped = false;
  let settleTimer: NodeJS.Timeout | undefined;
  let waiters: (() => void)[] = [];
  let writing = false;
  let writeAgain = false;
  let retryTimer: NodeJS.Timeout | undefined;

  /** One pass: the findings as of now, written where they differ from what was last written. */
  const writeOnce = async (): Promise<boolean> => {
    const now = new Date();
    const inventory = state.inventory();
    state.reevaluateInventory(options.optionsAt(now), inventory);
    const findings = state.findings();
    if (images) {
      const { uses } = imageUses(inventory);
      images.want(uses, now.getTime());
      findings.push(...images.findings(uses));
      metrics.images.set(images.size);
    }
    for (const severity of SEVERITIES) metrics.findings.set({ severity }, findings.filter((f) => f.severity === severity && !f.suppressed).length);
    metrics.objects.set(state.size);
    let failed = false;
    for (const report of policyReports(findings, state.namespaces(), now)) {
      const ns = report.metadata?.namespace;
      const id = `${report.kind}/${ns ?? ''}`;
      const content = JSON.stringify({ summary: report.summary, results: (report.results as Record<string, unknown>[]).map(({ timestamp: _t, ...r }) => r) });
      if (written.get(id) === content) continue;
      try {
        await putReport(client, report);
        written.set(id, content);
        metrics.reports.inc();
      } catch (error) {
        failed = true;
        metrics.errors.inc({ operation: 'report' });
        log(`cannot write ${id}: ${(error as Error).message}`);
      }
    }
    const answered = waiters;
    waiters = [];
    for (const resolve of answered) resolve();
    return failed;
  };

  /**
   * Writes the reports, one pass at a time: two passes at once would both create a missing report
   * (one then fails with 409). A request during a pass runs one more pass after it. A failed
   * write is tried again later, so a passing API error never leaves a report stale.
   */
  const writeReports = async (): Promise<void> => {
    if (writing) {
      writeAgain = true;
      return;
    }
    writing = true;
    let failed = false;
    try {
      do {
        writeAgain = false;
        failed = await writeOnce();
      } while (writeAgain && !stopped);
    } finally {
      writing = false;
    }
    if (failed && !stopped && !retryTimer) {
      retryTimer = setTimeout(() => {
        retryTimer = undefined;
        void writeReports();
      }, RETRY_WRITE_MS);
      retryTimer.unref();
    }
  };

  const scheduleSettle = () => {
    if (stopped) return;
    if (settleTimer) clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      settleTimer = undefined;
      void writeReports();
    }, options.settleMs ?? 2000);
  };

  const images = options.images
    ? new OperatorImages(options.images, {
        changed: () => scheduleSettle(),
        log,
        assessed: (source) => metrics.imageScans.inc({ source }),
        failed: () => metrics.errors.inc({ operation: 'image' }),
        databaseChanged: (count) => {
          metrics.databaseChanges.inc();
          metrics.rescans.inc(count);
        },
      })
    : undefined;
  const databasePoll = images
    ? setInterval(() => {
        try {
          images.checkDatabase(new Date());
        } catch (error) {
          metrics.errors.inc({ operation: 'vulndb' });
          log(`cannot read the vulnerability database: ${(error as Error).message}`);
        }
      }, options.images?.pollMs ?? 60_000)
    : undefined;
  databasePoll?.unref();

  await writeReports();

  const watch = new Watch(client.kubeConfig);
  const controllers = new Set<AbortController>();
  const watchable = loaded.listed.filter((r) => !r.metadataOnly);
  let opened = 0;
  let markWatching: () => void = () => undefined;
  const watching = new Promise<void>((resolve) => (markWatching = resolve));

  const follow = async (resource: ServedResource, resourceVersion: string | undefined): Promise<void> => {
    if (stopped) return;
    let lastVersion = resourceVersion;
    const onEvent = (type: string, object: unknown) => {
      if (!isRecord(object)) return;
      const rv = isRecord(object.metadata) && typeof object.metadata.resourceVersion === 'string' ? object.metadata.resourceVersion : undefined;
      if (rv !== undefined) lastVersion = rv;
      if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
      metrics.events.inc({ type });
      const typed = { ...object, apiVersion: resource.groupVersion, kind: resource.kind } as KubeObject;
      if (isRecord(typed.metadata)) delete typed.metadata.managedFields;
      const started = performance.now();
      const key = state.apply(type as WatchEventType, typed, options.optionsAt(new Date()));
      if (key === undefined) return;
      metrics.reevaluation.observe((performance.now() - started) / 1000);
      scheduleSettle();
    };
    // Declared before the watch opens: a watch can end (an operator stopped at once) before `watch` resolves.
    let controller: AbortController | undefined;
    const onDone = (error: unknown) => {
      if (controller) controllers.delete(controller);
      if (stopped) return;
      const gone = (error as { statusCode?: number } | null)?.statusCode === 410;
      if (error) {
        metrics.errors.inc({ operation: 'watch' });
        log(`watch of ${resourceName(resource)} ended: ${(error as Error).message ?? String(error)}; resuming`);
      }
      // A resourceVersion too old to resume from (410 Gone) means starting from now; the next
      // settle re-evaluates whatever arrives.
      setTimeout(() => void follow(resource, gone ? undefined : lastVersion), error ? 1000 : 0).unref();
    };
    const params: Record<string, string | boolean> = { allowWatchBookmarks: true };
    if (resourceVersion !== undefined) params.resourceVersion = resourceVersion;
    controller = await watch.watch(collectionPath(resource, options.namespace), params, onEvent, onDone);
    if (stopped) {
      controller.abort();
      return;
    }
    controllers.add(controller);
  };

  void Promise.all(watchable.map((r) => follow(r, loaded.resourceVersions.get(resourceName(r))).then(() => opened++))).then(() => {
    log(`${opened} watches open`);
    markWatching();
  });

  let server: Server | undefined;
  let metricsUrl: string | undefined;
  if (options.metricsPort !== undefined) {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      void registry.metrics().then((text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text));
    };
    server = options.metricsTls ? createHttpsServer({ cert: options.metricsTls.cert, key: options.metricsTls.key }, handler) : createHttpServer(handler);
    server.headersTimeout = 10_000;
    server.requestTimeout = 10_000;
    const host = options.metricsHost ?? '0.0.0.0';
    await new Promise<void>((resolve) => server!.listen(options.metricsPort, host, resolve));
    const port = (server.address() as AddressInfo).port;
    metricsUrl = `${options.metricsTls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/metrics`;
  }

  const handle: OperatorHandle = {
    state,
    ...(images ? { images } : {}),
    watching,
    settled: () => new Promise<void>((resolve) => waiters.push(resolve)),
    stop: async () => {
      stopped = true;
      if (settleTimer) clearTimeout(settleTimer);
      if (retryTimer) clearTimeout(retryTimer);
      if (databasePoll) clearInterval(databasePoll);
      images?.close();
      for (const c of controllers) c.abort();
      controllers.clear();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
    },
  };
  if (metricsUrl !== undefined) handle.metricsUrl = metricsUrl;
  return handle;
}

/** Creates the report, or replaces the one that exists (with its resourceVersion, as the API requires). */
async function putReport(client: ClusterClient, report: KubeObject): Promise<void> {
  const plural = report.kind === 'PolicyReport' ? 'policyreports' : 'clusterpolicyreports';
  const ns = report.metadata?.namespace;
  const collection = `/apis/${REPORT_API_VERSION}${ns !== undefined ? `/namespaces/${encodeURIComponent(ns)}` : ''}/${plural}`;
  const path = `${collection}/${encodeURIComponent(String(report.metadata?.name))}`;
  const existing = await client.get(path);
  if (existing.status === 200 && isRecord(existing.body) && isRecord(existing.body.metadata)) {
    const body = { ...report, metadata: { ...report.metadata, resourceVersion: existing.body.metadata.resourceVersion } };
    const response = await client.sendJson('PUT', path, body);
    if (response.status !== 200) throw new Error(statusMessage(response));
    return;
  }
  if (existing.status !== 404) throw new Error(statusMessage(existing));
  const response = await client.sendJson('POST', collection, report);
  if (response.status !== 201 && response.status !== 200) throw new Error(statusMessage(response));
}
