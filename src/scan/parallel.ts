import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Check } from '../core/check.js';
import { analyze, type AnalysisProblem } from '../core/engine.js';
import { applyLoadPlan, type LoadError, type LoadPlan, type LoadResult, type ParsedDocumentOutcome } from '../load/index.js';
import type { StreamedScanReport } from '../report/model.js';
import { reportFrame, type ScanSettings } from './run.js';
import { mergeParts, StreamedFindings, type StreamedPart } from './streamed.js';

/**
 * A large scan split across threads. Each worker parses a contiguous share of the documents;
 * the shares are exchanged so that every thread holds the whole inventory (checks look things
 * up across objects: a workload's service account, its namespace, the RuntimeClasses), then
 * each worker runs the per-object checks over its own share and encodes the findings, while
 * this thread runs the inventory-wide checks. The report is the very one a single thread
 * would have written: same findings, same order, same errors.
 */

/** Inputs smaller than this are scanned in one thread: starting workers would cost more. */
export const PARALLEL_MIN_BYTES = 2 << 20;

/** A parsed document as it crosses threads: its JSON text where JSON is exact, else the value. */
export type TransferredOutcome = string | { error: LoadError } | { value: unknown };

/** Tags (`!!binary`) and non-finite floats are the YAML values JSON cannot carry. */
const NOT_JSON_EXACT = /!|\.(?:nan|NaN|NAN|inf|Inf|INF)/;

export function transferOutcome(outcome: ParsedDocumentOutcome, text: string): TransferredOutcome {
  if ('error' in outcome || outcome.value === undefined || NOT_JSON_EXACT.test(text)) return outcome;
  return JSON.stringify(outcome.value);
}

export function receiveOutcome(outcome: TransferredOutcome): ParsedDocumentOutcome {
  return typeof outcome === 'string' ? { value: JSON.parse(outcome) as unknown } : outcome;
}

/** What a worker needs besides the plan: checks by id (they are code), config and options. */
export interface WorkerSettings {
  checkIds: string[];
  config: ScanSettings['config'];
  options: ScanSettings['options'];
  baseline?: string[];
}

export type ToWorker =
  | { type: 'parse'; plan: LoadPlan; from: number; to: number; settings: WorkerSettings }
  | { type: 'analyze'; outcomes: TransferredOutcome[] };

export type FromWorker =
  | { type: 'parsed'; outcomes: TransferredOutcome[] }
  | { type: 'done'; part: StreamedPart; problems: { entry?: number; message: string }[] }
  | { type: 'failed'; message: string };

/** How many workers a scan of this plan should use: 0 means scan in this thread. */
export function workersFor(plan: LoadPlan, checks: readonly Check[], registry: readonly Check[], requested?: number): number {
  if (requested !== undefined) return requested > 1 ? requested : 0;
  const bytes = plan.documents.reduce((n, d) => n + d.doc.text.length, 0);
  if (bytes < PARALLEL_MIN_BYTES || !checks.every((c) => registry.includes(c))) return 0;
  return defaultWorkerCount();
}

/** One worker per core (up to 8), or none on a single core. */
export function defaultWorkerCount(): number {
  const cores = Math.min(availableParallelism(), 8);
  return cores > 1 ? cores : 0;
}

/** Contiguous document ranges of about equal text size, one per worker. */
export function shares(plan: LoadPlan, count: number): [number, number][] {
  const total = plan.documents.reduce((n, d) => n + d.doc.text.length, 0);
  const out: [number, number][] = [];
  let from = 0;
  let size = 0;
  plan.documents.forEach((d, i) => {
    size += d.doc.text.length;
    if (out.length < count - 1 && size >= (total * (out.length + 1)) / count) {
      out.push([from, i + 1]);
      from = i + 1;
    }
  });
  out.push([from, plan.documents.length]);
  return out;
}

/**
 * Starts scan workers ahead of the plan: they load the checks while this thread reads and
 * splits the files. Stop them (`stopScanWorkers`) if they go unused.
 */
export function startScanWorkers(count: number): ScanWorker[] {
  return Array.from({ length: count }, () => new ScanWorker());
}

export async function stopScanWorkers(workers: readonly ScanWorker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.stop()));
}

/**
 * Scans a load plan with that many workers, or with workers already started; the loaded
 * inventory is returned too. The workers are stopped when the scan ends.
 */
export async function scanPlanInParallel(plan: LoadPlan, settings: ScanSettings, pool: number | ScanWorker[]): Promise<{ loaded: LoadResult; report: StreamedScanReport }> {
  const workers = typeof pool === 'number' ? startScanWorkers(pool) : pool;
  const ranges = shares(plan, workers.length);
  const workerSettings: WorkerSettings = {
    checkIds: settings.checks.map((c) => c.id),
    config: settings.config,
    options: settings.options,
    ...(settings.baseline ? { baseline: [...settings.baseline] } : {}),
  };
  try {
    ranges.forEach(([from, to], i) => workers[i]!.send({ type: 'parse', plan, from, to, settings: workerSettings }));
    const parsed = await Promise.all(workers.map((w) => w.next('parsed')));
    const transferred = parsed.flatMap((m) => m.outcomes);
    for (const worker of workers) worker.send({ type: 'analyze', outcomes: transferred });
    const loaded = applyLoadPlan(plan, transferred.map(receiveOutcome));
    const inventoryChecks = Object.freeze(settings.checks.filter((c) => c.scope === 'inventory'));
    const own = new StreamedFindings(settings.baseline);
    const inventoryRun = analyze(loaded.inventory, inventoryChecks, settings.options, settings.config, { sink: own.sink });
    const done = await Promise.all(workers.map((w) => w.next('done')));
    const problems: AnalysisProblem[] = [];
    const reported = new Set<string>();
    for (const message of done) {
      for (const p of message.problems) {
        const entry = p.entry === undefined ? undefined : loaded.inventory.entries[p.entry];
        problems.push(entry ? { entry, message: p.message } : { message: p.message });
        if (entry) reported.add(`${entry.id}\u0000${p.message}`);
      }
    }
    // An entry's exception annotations are read once per scan: a problem with them is reported
    // where its first finding was made, by a worker, or else here.
    for (const p of inventoryRun.problems) if (!p.entry || !reported.has(`${p.entry.id}\u0000${p.message}`)) problems.push(p);
    const report = { ...reportFrame(loaded, settings, problems), encoded: mergeParts([...done.map((m) => m.part), own.part()]) };
    return { loaded, report };
  } finally {
    await stopScanWorkers(workers);
  }
}

/**
 * The worker script beside this module. Run from source (the tests), it is TypeScript, and
 * Node 20 applies no module hooks to worker threads: the worker registers the TypeScript
 * loader itself before importing it.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  const script = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${script}); });`, { eval: true });
}

/** One scan worker thread and the messages it sends, awaited in order. */
export class ScanWorker {
  private readonly worker = startWorker();
  private readonly inbox: FromWorker[] = [];
  private waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor() {
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'failed') return this.fail(new Error(`scan worker failed: ${message.message}`));
      if (this.waiting) {
        this.waiting.resolve(message);
        this.waiting = undefined;
      } else this.inbox.push(message);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`scan worker exited (${code})`)));
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  async next<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>> {
    const message = this.inbox.shift() ?? (await this.receive());
    if (message.type !== type) throw new Error(`scan worker sent ${message.type}, expected ${type}`);
    return message as Extract<FromWorker, { type: T }>;
  }

  async stop(): Promise<void> {
    this.failure ??= new Error('scan worker stopped');
    await this.worker.terminate();
  }

  private receive(): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(this.failure);
    this.waiting = undefined;
  }
}
