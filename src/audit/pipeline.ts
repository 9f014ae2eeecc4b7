import { correlate, type CorrelateOptions, type Incident } from './correlate.js';
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
}

export class AlertPipeline {
  events = 0;
  alerts = 0;
  private readonly buffered: Alert[] = [];
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

  /** Moves alerts waiting for the webhook into its queue (waiting while the queue is full). */
  async settle(): Promise<void> {
    const sink = this.options.webhook;
    if (!sink) return;
    while (this.toDeliver.length > 0) await sink.enqueue(this.toDeliver.shift() as Deliverable);
  }

  private writeIncidents(): Incident[] {
    const incidents = correlate(this.buffered, this.options.correlation);
    this.buffered.length = 0;
    if (this.options.format === 'json') for (const i of incidents) this.options.write(incidentJsonLine(i));
    else this.options.write(incidentTable(incidents));
    if (this.options.webhook) for (const incident of incidents) this.toDeliver.push({ kind: 'incident', incident });
    return incidents;
  }

  /** Writes the incidents of the alerts still held (in incident mode) and queues them for the webhook. */
  async finish(): Promise<Incident[]> {
    const incidents = this.options.incidents ? this.writeIncidents() : [];
    await this.settle();
    return incidents;
  }
}
