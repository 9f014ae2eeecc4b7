import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { WebhookMetrics } from './metrics.js';

/**
 * With `--workers N`, every worker counts its own requests, and a scrape reaches whichever
 * worker the connection landed on. That worker asks the primary, which gathers every worker's
 * registry (prom-client's AggregatorRegistry: counters and histograms summed, the in-flight
 * gauge too) and hands the sum back, so one scrape sees the whole process group.
 */
const REQUEST = 'stockade:metrics-request';
const ANSWER = 'stockade:metrics-answer';

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}

interface MetricsAnswer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

/** Longer than prom-client's own 5 s wait for the workers, so its timeout is the one reported. */
const ANSWER_TIMEOUT_MS = 6000;

/** In the primary: answers the workers' metrics requests with the sum over all workers. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: Partial<MetricsRequest>) => {
    if (message?.type !== REQUEST || typeof message.id !== 'number') return;
    const id = message.id;
    const reply = (answer: Omit<MetricsAnswer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: ANSWER, id, ...answer } satisfies MetricsAnswer);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/**
 * In a worker: offers this worker's registry to the primary's aggregation, and returns what
 * /metrics answers with (the sum over all workers). Rejects with a one-line reason when the
 * primary does not answer.
 */
export function clusterMetricsText(metrics: WebhookMetrics): () => Promise<string> {
  AggregatorRegistry.setRegistries([metrics.registry]);
  // Constructing one installs prom-client's listener that hands this worker's metrics to the primary.
  new AggregatorRegistry();
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let next = 0;
  process.on('message', (message: Partial<MetricsAnswer>) => {
    if (message?.type !== ANSWER || typeof message.id !== 'number') return;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (typeof message.text === 'string') waiting.resolve(message.text);
    else waiting.reject(new Error(`metrics of the other workers unavailable: ${message.error ?? 'no answer'}`));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`metrics of the other workers unavailable: the primary did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`));
      }, ANSWER_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      process.send!({ type: REQUEST, id } satisfies MetricsRequest);
    });
}
