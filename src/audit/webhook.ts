import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Incident } from './correlate.js';
import type { Alert } from './engine.js';

/**
 * Delivery of alerts and incidents to a webhook, as a generic JSON POST or a Slack-compatible
 * body. Every message is first written to an on-disk queue (one file per message, renamed into
 * place so a crash never leaves half a message) and removed only once the receiver answered 2xx;
 * failures are retried with backoff. The queue is bounded: when it is full, enqueueing waits for
 * deliveries instead of dropping anything. A message the receiver rejects outright (4xx other
 * than 408/429) is moved aside to `rejected/` rather than retried forever or lost.
 */

export type WebhookFormat = 'json' | 'slack';
export type Deliverable = { kind: 'alert'; alert: Alert } | { kind: 'incident'; incident: Incident };

export interface WebhookOptions {
  url: string;
  format: WebhookFormat;
  queueDir: string;
  /** Messages the queue may hold before enqueueing waits. */
  maxQueued?: number;
  timeoutMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export interface FlushResult {
  delivered: number;
  pending: number;
  rejected: number;
}

function slackText(item: Deliverable): string {
  if (item.kind === 'alert') {
    const a = item.alert;
    return `*${a.priority}* ${a.rule}\n${a.output}\n_${a.time} · auditID ${a.auditID}_`;
  }
  const i = item.incident;
  const lines = [`*${i.priority}* incident for \`${i.identity}\` (${i.alertCount} alerts, ${i.start} → ${i.end})${i.chain ? ' — *attack chain*' : ''}`];
  for (const r of i.reasons) lines.push(`• ${r}`);
  for (const a of i.alerts.slice(0, 10)) lines.push(`> ${a.count > 1 ? `${a.count}× ` : ''}${a.priority} ${a.rule}: ${a.output}`);
  return lines.join('\n');
}

/** The request body for one message in the given format. */
export function webhookBody(item: Deliverable, format: WebhookFormat): string {
  if (format === 'json') return JSON.stringify(item.kind === 'alert' ? { type: 'alert', ...item.alert } : { type: 'incident', ...item.incident });
  const text = slackText(item);
  return JSON.stringify({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
}

/** The URL without path, query or credentials: webhook URLs often carry a secret token. */
export function redactUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

export class WebhookSink {
  private readonly maxQueued: number;
  private readonly timeoutMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private seq: number;
  private failures = 0;
  /** The delivery round in progress: rounds never overlap, so no message is sent twice at once. */
  private inFlight?: Promise<void>;
  delivered = 0;
  rejected = 0;

  constructor(private readonly options: WebhookOptions) {
    this.maxQueued = options.maxQueued ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryBaseMs = options.retryBaseMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    mkdirSync(options.queueDir, { recursive: true });
    const last = this.queued().at(-1);
    this.seq = last ? Number.parseInt(last, 10) + 1 : 0;
  }

  /** Queued message files, oldest first. */
  queued(): string[] {
    return readdirSync(this.options.queueDir)
      .filter((f) => /^\d{16}\.json$/.test(f))
      .sort();
  }

  /** Writes the message to the queue, waiting for deliveries while the queue is full. */
  async enqueue(item: Deliverable, deadline = Number.POSITIVE_INFINITY): Promise<void> {
    while (this.queued().length >= this.maxQueued) {
      if (Date.now() >= deadline) throw new Error(`webhook queue full (${this.maxQueued} messages) and ${redactUrl(this.options.url)} not accepting`);
      await this.deliverSome(deadline);
    }
    const name = `${String(this.seq++).padStart(16, '0')}.json`;
    const tmp = join(this.options.queueDir, `.${name}.tmp`);
    writeFileSync(tmp, webhookBody(item, this.options.format));
    renameSync(tmp, join(this.options.queueDir, name));
  }

  /** Tries to deliver everything queued until the queue is empty or the deadline passes. */
  async flush(deadline: number): Promise<FlushResult> {
    while (this.queued().length > 0 && Date.now() < deadline) await this.deliverSome(deadline);
    return { delivered: this.delivered, pending: this.queued().length, rejected: this.rejected };
  }

  /**
   * Delivers in the background while a long-running command (serve, follow) runs, until the signal
   * aborts; the caller then calls `flush` for what is left.
   */
  async deliverUntil(signal: AbortSignal, idleMs = 250): Promise<void> {
    while (!signal.aborted) {
      if (this.queued().length === 0) await sleep(idleMs, undefined, { signal }).catch(() => undefined);
      else await this.deliverSome(Date.now() + this.retryMaxMs, signal);
    }
    await this.inFlight;
  }

  private deliverSome(deadline: number, signal?: AbortSignal): Promise<void> {
    this.inFlight ??= this.deliverRound(deadline, signal).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Delivers queued messages in order until one fails; then waits the backoff (within the deadline). */
  private async deliverRound(deadline: number, signal?: AbortSignal): Promise<void> {
    for (const name of this.queued()) {
      const path = join(this.options.queueDir, name);
      const body = readFileSync(path, 'utf8');
      const outcome = await this.post(body);
      if (outcome === 'ok') {
        rmSync(path, { force: true });
        this.delivered++;
        this.failures = 0;
        continue;
      }
      if (outcome === 'rejected') {
        mkdirSync(join(this.options.queueDir, 'rejected'), { recursive: true });
        renameSync(path, join(this.options.queueDir, 'rejected', name));
        this.rejected++;
        continue;
      }
      this.failures++;
      const wait = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(this.failures - 1, 16), Math.max(0, deadline - Date.now()));
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
      return;
    }
  }

  private async post(body: string): Promise<'ok' | 'retry' | 'rejected'> {
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return 'ok';
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) return 'rejected';
      return 'retry';
    } catch {
      return 'retry';
    }
  }
}
