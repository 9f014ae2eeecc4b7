import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebhookMetrics } from './metrics.js';

describe('webhook metrics', () => {
  it('counts requests by endpoint, kind, operation and decision, with latency buckets', async () => {
    const metrics = new WebhookMetrics();
    metrics.started();
    metrics.finished('validate', 'Deployment', 'CREATE', 'deny', 0.002);
    const text = await metrics.text();
    assert.match(text, /stockade_admission_requests_total\{endpoint="validate",kind="Deployment",operation="CREATE",decision="deny"\} 1/);
    assert.match(text, /stockade_admission_request_duration_seconds_bucket\{le="0\.0025",endpoint="validate",kind="Deployment",operation="CREATE",decision="deny"\} 1/);
    assert.match(text, /stockade_admission_request_duration_seconds_bucket\{le="0\.001",endpoint="validate",kind="Deployment",operation="CREATE",decision="deny"\} 0/);
    assert.match(text, /stockade_admission_in_flight_requests 0/);
  });

  it('keeps the kind label bounded whatever clients send', async () => {
    const metrics = new WebhookMetrics();
    for (let i = 0; i < 500; i++) {
      metrics.started();
      metrics.finished('validate', `Kind${i}`, 'CREATE', 'allow', 0.001);
    }
    metrics.started();
    metrics.finished('validate', 'not a kind"}\n', 'CREATE', 'allow', 0.001);
    const text = await metrics.text();
    const kinds = new Set([...text.matchAll(/stockade_admission_requests_total\{[^}]*kind="([^"]*)"/g)].map((m) => m[1]));
    assert.equal(kinds.size, 201);
    assert.ok(kinds.has('other'));
    assert.match(text, /kind="other",operation="CREATE",decision="allow"\} 301/);
  });
});
