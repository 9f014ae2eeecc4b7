import { correlate, type CorrelateOptions, DEFAULT_GAP_MS, type Incident } from './correlate.js';
import type { Alert, Detector } from './engine.js';
import type { AuditEvent } from './event.js';
import { alertJsonLine, alertTableHeader, alertTableRow, incidentJsonLine, incidentTable } from './format.js';
import { type Priority, priorityRank } from './rules.js';
import type { Deliverable, WebhookSink } from './webhook.js';

/**
 * Wires a detector to its outputs: events in, alerts (or, with `incidents`, correlated incidents
 * at the end) out to a writer and optionally a webhook. Used by `audit analyze` and `audit serve`.
 */
export interface PipelineOptions {
  format: 'table' | 'json';
  incidents: boolean;
  minPriority?: Priority;
  write: (text: string) => void;
  webhook?: WebhookSink;
  correlation?: CorrelateOptions;
  /** In incident mode, alerts held before incidents are written early (bounds memory of long runs). */
  maxBufferedAlerts?: number;
  /**
   * Live streams (serve, follow): write an identity's incident as soon as it is over, i.e. once
   * the events have moved on past its quiet gap, instead of all incidents at the end.
   */
  live?: boolean;
}

export class AlertPipeline {
  events = 0;
  alerts = 0;
  private buffered: Alert[] = [];
  /** Latest alert time per identity, and overall: event time, so a replayed log closes the same way. */
  private readonly lastAlertMs = new Map<string, number>();
  private latestMs = Number.NEGATIVE_INFINITY;
  private readonly toDeliver: Deliverable[] = [];
  private headerWritten = false;

  constructor(
    private readonly detector: Detector,
    private readonly options: PipelineOptions,
  ) {}

  onEvent(ev: AuditEvent): void {
    this.events++;
    for (const a of this.detector.process(ev)) {
      if (this.options.minPriority && priorityRank(a.priority) > priorityRank(this.options.minPriority)) continue;
      this.alerts++;
      if (this.options.incidents) {
        this.buffered.push(a);
        const t = Date.parse(a.time);
        if (!Number.isNaN(t)) {
          this.lastAlertMs.set(a.user, Math.max(t, this.lastAlertMs.get(a.user) ?? t));
          this.latestMs = Math.max(this.latestMs, t);
        }
        if (this.buffered.length >= (this.options.maxBufferedAlerts ?? 100_000)) this.writeIncidents();
        continue;
      }
      if (this.options.format === 'json') this.options.write(alertJsonLine(a));
      else {
        if (!this.headerWritten) this.options.write(alertTableHeader());
        this.headerWritten = true;
        this.options.write(alertTableRow(a));
      }
      if (this.options.webhook) this.toDeliver.push({ kind: 'alert', alert: a });
    }
  }

  /** Writes the incidents of identities quiet for longer than the incident gap (live mode). */
  private writeQuietIncidents(): void {
    const gap = this.options.correlation?.gapMs ?? DEFAULT_GAP_MS;
    const quiet = new Set<string>();
    for (const [user, last] of this.lastAlertMs) if (last + gap < this.latestMs) quiet.add(user);
    if (quiet.size === 0) return;
    for (const user of quiet) this.lastAlertMs.delete(user);
    const closing = this.buffered.filter((a) => quiet.has(a.user));
    this.buffered = this.buffered.filter((a) => !quiet.has(a.user));
    this.emit(correlate(closing, this.options.correlation));
  }

  /** Moves alerts waiting for the webhook into its queue (waiting while the queue is full). */
  async settle(): Promise<void> {
    if (this.options.incidents && this.options.live) this.writeQuietIncidents();
    const sink = this.options.webhook;
    if (!sink) return;
    while (this.toDeliver.length > 0) await sink.enqueue(this.toDeliver.shift() as Deliverable);
  }

  private emit(incidents: Incident[]): void {
    if (incidents.length === 0) return;
    if (this.options.format === 'json') for (const i of incidents) this.options.write(incidentJsonLine(i));
    else this.options.write(incidentTable(incidents));
    if (this.options.webhook) for (const incident of incidents) this.toDeliver.push({ kind: 'incident', incident });
  }

  private writeIncidents(): Incident[] {
    const incidents = correlate(this.buffered, this.options.correlation);
    this.buffered = [];
    this.lastAlertMs.clear();
    this.emit(incidents);
    return incidents;
  }

  /** Writes the incidents of the alerts still held (in incident mode) and queues them for the webhook. */
  async finish(): Promise<Incident[]> {
    const incidents = this.options.incidents ? this.writeIncidents() : [];
    await this.settle();
    return incidents;
  }
}
