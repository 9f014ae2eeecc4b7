import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DecisionKind, Endpoint } from './decide.js';

/** Why a request failed, as counted in `stockade_admission_errors_total`. */
export type ErrorType = 'evaluation' | 'bad_request' | 'too_large' | 'timeout' | 'internal' | 'not_ready';

/** Distinct `kind` label values kept; beyond it kinds count as `other`, so clients cannot grow the series without bound. */
const MAX_KINDS = 200;

/** The webhook's Prometheus metrics, on a registry of its own (several servers can share a process in tests). */
export class WebhookMetrics {
  readonly registry = new Registry();
  private readonly kinds = new Set<string>();
  private readonly requests: Counter<'endpoint' | 'kind' | 'operation' | 'decision'>;
  private readonly latency: Histogram<'endpoint' | 'kind' | 'operation' | 'decision'>;
  private readonly inFlight: Gauge;
  private readonly errors: Counter<'endpoint' | 'type'>;
  private readonly audited: Counter<'check'>;

  constructor() {
    const labelNames = ['endpoint', 'kind', 'operation', 'decision'] as const;
    this.requests = new Counter({ name: 'stockade_admission_requests_total', help: 'Admission requests answered, by endpoint, object kind, operation and decision.', labelNames, registers: [this.registry] });
    this.latency = new Histogram({
      name: 'stockade_admission_request_duration_seconds',
      help: 'Time from the request body being read to the answer being written.',
      labelNames,
      // The API server's default webhook timeout is 10 s and ours is under 5 s; most answers take well under 5 ms.
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.inFlight = new Gauge({ name: 'stockade_admission_in_flight_requests', help: 'Admission requests being evaluated now.', registers: [this.registry] });
    this.errors = new Counter({ name: 'stockade_admission_errors_total', help: 'Requests that could not be evaluated fully, by endpoint and error type.', labelNames: ['endpoint', 'type'], registers: [this.registry] });
    this.audited = new Counter({ name: 'stockade_admission_audit_violations_total', help: 'Violations admitted in audit mode, by check.', labelNames: ['check'], registers: [this.registry] });
  }

  started(): void {
    this.inFlight.inc();
  }

  finished(endpoint: Endpoint, requestKind: string, operation: string, decision: DecisionKind, seconds: number): void {
    this.inFlight.dec();
    const kind = this.kindLabel(requestKind);
    this.requests.inc({ endpoint, kind, operation, decision });
    this.latency.observe({ endpoint, kind, operation, decision }, seconds);
  }

  private kindLabel(kind: string): string {
    if (this.kinds.has(kind)) return kind;
    if (this.kinds.size >= MAX_KINDS || !/^[A-Za-z][A-Za-z0-9]{0,62}$/.test(kind)) return 'other';
    this.kinds.add(kind);
    return kind;
  }

  aborted(): void {
    this.inFlight.dec();
  }

  error(endpoint: string, type: ErrorType, count = 1): void {
    this.errors.inc({ endpoint, type }, count);
  }

  audit(checks: readonly string[]): void {
    for (const check of checks) this.audited.inc({ check });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
