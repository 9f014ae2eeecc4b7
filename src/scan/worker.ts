/**
 * A scan worker thread (see parallel.ts): parses its share of the documents, then, given
 * everyone's, builds the whole inventory and runs the per-object checks over its own share.
 */
import { parentPort } from 'node:worker_threads';
import { ALL_CHECKS } from '../checks/index.js';
import type { Check } from '../core/check.js';
import { analyze } from '../core/engine.js';
import { applyLoadPlan, parseDocumentOf, type LoadPlan, type ParsedDocumentOutcome } from '../load/index.js';
import { receiveOutcome, transferOutcome, type FromWorker, type ToWorker, type TransferredOutcome, type WorkerSettings } from './parallel.js';
import { StreamedFindings } from './streamed.js';

const port = parentPort;
if (!port) throw new Error('the scan worker runs as a worker thread');

let share: { plan: LoadPlan; from: number; to: number; settings: WorkerSettings; parsed: ParsedDocumentOutcome[] } | undefined;

function post(message: FromWorker): void {
  port!.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  try {
    if (message.type === 'parse') {
      const { plan, from, to, settings } = message;
      const parsed = plan.documents.slice(from, to).map(parseDocumentOf);
      share = { plan, from, to, settings, parsed };
      post({ type: 'parsed', outcomes: parsed.map((outcome, i) => transferOutcome(outcome, plan.documents[from + i]!.doc.text)) });
    } else {
      if (!share) throw new Error('analyze before parse');
      analyzeShare(share, message.outcomes);
    }
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

function analyzeShare(own: NonNullable<typeof share>, transferred: readonly TransferredOutcome[]): void {
  const { plan, from, to, settings, parsed } = own;
  // The share's own documents keep the values parsed here; the others come from their workers.
  const outcomes = transferred.map((t, i) => (i >= from && i < to ? parsed[i - from]! : receiveOutcome(t)));
  const firstEntryOf: number[] = [];
  const loaded = applyLoadPlan(plan, outcomes, undefined, firstEntryOf);
  const entryAt = (document: number) => (document < plan.documents.length ? firstEntryOf[document]! : loaded.inventory.size);
  const entries = { from: entryAt(from), to: entryAt(to) };
  const byId = new Map(ALL_CHECKS.map((c) => [c.id, c]));
  const checks: Check[] = settings.checkIds.map((id) => byId.get(id)!).filter((c) => c.scope !== 'inventory');
  const findings = new StreamedFindings(settings.baseline ? new Set(settings.baseline) : undefined);
  const result = analyze(loaded.inventory, Object.freeze(checks), settings.options, settings.config, { sink: findings.sink, entries });
  // The encoded chunks are shared memory: the main thread reads them where they are.
  post({ type: 'done', part: findings.part(), problems: result.problems.map((p) => (p.entry ? { entry: p.entry.id, message: p.message } : { message: p.message })) });
}
