import { Worker } from 'node:worker_threads';
import type { Check } from '../core/check.js';
import { analyze, type AnalysisProblem } from '../core/engine.js';
import { applyLoadPlan, parseDocumentOf, type LoadError, type LoadPlan, type LoadResult, type ParsedDocumentOutcome } from '../load/index.js';
import type { StreamedScanReport } from '../report/model.js';
import { reportFrame, type ScanSettings } from './run.js';
import { mergeParts, StreamedFindings, type StreamedPart } from './streamed.js';

/**
 * A large scan split across threads. This thread and each worker parse a contiguous share of
 * the documents; the shares are exchanged so that every thread holds the whole inventory
 * (checks look things up across objects: a workload's service account, its namespace, the
 * RuntimeClasses), then each runs the per-object checks over its own share and encodes the
 * findings, and this thread runs the inventory-wide checks too. The report is the very one a
 * single thread would have written: same findings, same order, same errors.
 */

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

/** Whether a scan with these checks can be split: workers find checks by id in the registry. */
export function canSplit(checks: readonly Check[], registry: readonly Check[]): boolean {
  return checks.every((c) => registry.includes(c));
}

/**
 * This thread's share of the documents, against a worker's: besides its share it reads the
 * others', runs the inventory-wide checks and writes the report.
 */
const MAIN_SHARE_WEIGHT = 0.7;

/** Contiguous document ranges whose text sizes are in proportion to the weights. */
export function shares(plan: LoadPlan, weights: readonly number[]): [number, number][] {
  const total = plan.documents.reduce((n, d) => n + d.doc.text.length, 0);
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: [number, number][] = [];
  let from = 0;
  let size = 0;
  let boundary = (total * weights[0]!) / sum;
  plan.documents.forEach((d, i) => {
    size += d.doc.text.length;
    if (out.length < weights.length - 1 && size >= boundary) {
      out.push([from, i + 1]);
      from = i + 1;
      boundary += (total * weights[out.length]!) / sum;
    }
  });
  out.push([from, plan.documents.length]);
  while (out.length < weights.length) out.push([plan.documents.length, plan.documents.length]);
  return out;
}

/**
 * Scans a load plan with this thread and `threads - 1` workers; the loaded inventory is
 * returned too. The workers are stopped when the scan ends.
 */
export async function scanPlanInParallel(plan: LoadPlan, settings: ScanSettings, threads: number): Promise<{ loaded: LoadResult; report: StreamedScanReport }> {
  const workers = Array.from({ length: threads - 1 }, () => new ScanWorker());
  const [mine, ...theirs] = shares(plan, [MAIN_SHARE_WEIGHT, ...workers.map(() => 1)]);
  const workerSettings: WorkerSettings = {
    checkIds: settings.checks.map((c) => c.id),
    config: settings.config,
    options: settings.options,
    ...(settings.baseline ? { baseline: [...settings.baseline] } : {}),
  };
  try {
    theirs.forEach(([from, to], i) => workers[i]!.send({ type: 'parse', plan, from, to, settings: workerSettings }));
    const [from, to] = mine!;
    const parsedHere = plan.documents.slice(from, to).map(parseDocumentOf);
    const transferred = [...parsedHere.map((outcome, i) => transferOutcome(outcome, plan.documents[from + i]!.doc.text))];
    for (const message of await Promise.all(workers.map((w) => w.next('parsed')))) transferred.push(...message.outcomes);
    for (const worker of workers) worker.send({ type: 'analyze', outcomes: transferred });
    const firstEntryOf: number[] = [];
    const outcomes = transferred.map((t, i) => (i >= from && i < to ? parsedHere[i - from]! : receiveOutcome(t)));
    const loaded = applyLoadPlan(plan, outcomes, undefined, firstEntryOf);
    const entryAt = (document: number) => (document < plan.documents.length ? firstEntryOf[document]! : loaded.inventory.size);
    const entries = { from: entryAt(from), to: entryAt(to) };
    const ownShare = new StreamedFindings(settings.baseline);
    const perObjectChecks = Object.freeze(settings.checks.filter((c) => c.scope !== 'inventory'));
    const ownRun = analyze(loaded.inventory, perObjectChecks, settings.options, settings.config, { sink: ownShare.sink, entries });
    const inventoryWide = new StreamedFindings(settings.baseline);
    const inventoryChecks = Object.freeze(settings.checks.filter((c) => c.scope === 'inventory'));
    const inventoryRun = analyze(loaded.inventory, inventoryChecks, settings.options, settings.config, { sink: inventoryWide.sink });
    const done = await Promise.all(workers.map((w) => w.next('done')));
    const problems: AnalysisProblem[] = [...ownRun.problems];
    for (const message of done) {
      for (const p of message.problems) {
        const entry = p.entry === undefined ? undefined : loaded.inventory.entries[p.entry];
        problems.push(entry ? { entry, message: p.message } : { message: p.message });
      }
    }
    // An entry's exception annotations are read once per scan: a problem with them is reported
    // where its first finding was made, in a share, or else by an inventory-wide check.
    const reported = new Set(problems.filter((p) => p.entry).map((p) => `${p.entry!.id}\u0000${p.message}`));
    for (const p of inventoryRun.problems) if (!p.entry || !reported.has(`${p.entry.id}\u0000${p.message}`)) problems.push(p);
    const parts = [ownShare.part(), ...done.map((m) => m.part), inventoryWide.part()];
    return { loaded, report: { ...reportFrame(loaded, settings, problems), encoded: mergeParts(parts) } };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
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
class ScanWorker {
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
