import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Alert } from './engine.js';
import { webhookBody, WebhookSink } from './webhook.js';

const alert = (n: number): Alert => ({
  rule: 'Exec Into Pod by Human',
  priority: 'WARNING',
  time: `2026-01-01T10:00:0${n}Z`,
  output: `exec number ${n}`,
  auditID: `id-${n}`,
  tags: ['k8s'],
  source: 'k8s_audit',
  user: 'alice',
});

/** A receiver on 127.0.0.1 that fails the first `failures` requests (500, then a dropped connection). */
async function receiver(failures: number, rejectStatus?: number) {
  const bodies: unknown[] = [];
  let seen = 0;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen++;
    if (seen <= failures) {
      if (seen % 2 === 0) req.socket.destroy();
      else res.writeHead(503).end();
      return;
    }
    if (rejectStatus && JSON.parse(body).auditID === 'id-2') {
      res.writeHead(rejectStatus).end();
      return;
    }
    bodies.push(JSON.parse(body));
    res.writeHead(200).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/SECRET-TOKEN`;
  return { server, url, bodies, requests: () => seen };
}

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'stockade-queue-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('webhook delivery', () => {
  test('a receiver that fails first still gets every alert, in order, exactly once', async () => {
    const r = await receiver(3);
    try {
      const sink = new WebhookSink({ url: r.url, format: 'json', queueDir: tmp(), retryBaseMs: 10, retryMaxMs: 40, timeoutMs: 2000 });
      for (let i = 1; i <= 4; i++) await sink.enqueue({ kind: 'alert', alert: alert(i) });
      const result = await sink.flush(Date.now() + 20_000);
      assert.deepEqual(result, { delivered: 4, pending: 0, rejected: 0 });
      assert.deepEqual(r.bodies.map((b) => (b as Alert).auditID), ['id-1', 'id-2', 'id-3', 'id-4']);
      assert.equal((r.bodies[0] as { type: string }).type, 'alert');
      assert.equal(r.requests(), 7);
    } finally {
      r.server.close();
    }
  });

  test('undelivered messages stay on disk and a later run delivers them', async () => {
    const queueDir = tmp();
    const first = new WebhookSink({ url: 'http://127.0.0.1:9/unreachable', format: 'json', queueDir, retryBaseMs: 10, retryMaxMs: 20, timeoutMs: 500 });
    await first.enqueue({ kind: 'alert', alert: alert(1) });
    await first.enqueue({ kind: 'alert', alert: alert(2) });
    const r1 = await first.flush(Date.now() + 200);
    assert.equal(r1.pending, 2);
    const r = await receiver(0);
    try {
      const second = new WebhookSink({ url: r.url, format: 'json', queueDir, retryBaseMs: 10 });
      await second.enqueue({ kind: 'alert', alert: alert(3) });
      assert.deepEqual(await second.flush(Date.now() + 10_000), { delivered: 3, pending: 0, rejected: 0 });
      assert.deepEqual(r.bodies.map((b) => (b as Alert).auditID), ['id-1', 'id-2', 'id-3']);
    } finally {
      r.server.close();
    }
  });

  test('a full queue makes enqueue wait for deliveries instead of dropping', async () => {
    const r = await receiver(2);
    try {
      const sink = new WebhookSink({ url: r.url, format: 'slack', queueDir: tmp(), maxQueued: 2, retryBaseMs: 10, retryMaxMs: 20 });
      for (let i = 1; i <= 6; i++) {
        await sink.enqueue({ kind: 'alert', alert: alert(i) });
        assert.ok(sink.queued().length <= 2);
      }
      await sink.flush(Date.now() + 10_000);
      assert.equal(r.bodies.length, 6);
      const slack = r.bodies[0] as { text: string; blocks: { type: string }[] };
      assert.match(slack.text, /^\*WARNING\* Exec Into Pod by Human\nexec number 1/);
      assert.equal(slack.blocks[0].type, 'section');
    } finally {
      r.server.close();
    }
  });

  test('a message the receiver rejects (400) is kept aside, not retried forever, and the rest go through', async () => {
    const r = await receiver(0, 400);
    const queueDir = tmp();
    try {
      const sink = new WebhookSink({ url: r.url, format: 'json', queueDir, retryBaseMs: 10 });
      for (let i = 1; i <= 3; i++) await sink.enqueue({ kind: 'alert', alert: alert(i) });
      assert.deepEqual(await sink.flush(Date.now() + 10_000), { delivered: 2, pending: 0, rejected: 1 });
      assert.equal(readdirSync(join(queueDir, 'rejected')).length, 1);
    } finally {
      r.server.close();
    }
  });

  test('background delivery sends messages as they are queued, through failures, until stopped', async () => {
    const r = await receiver(2);
    try {
      const sink = new WebhookSink({ url: r.url, format: 'json', queueDir: tmp(), retryBaseMs: 10, retryMaxMs: 40 });
      const stop = new AbortController();
      const running = sink.deliverUntil(stop.signal, 10);
      for (let i = 1; i <= 3; i++) await sink.enqueue({ kind: 'alert', alert: alert(i) });
      for (let i = 0; i < 500 && r.bodies.length < 3; i++) await new Promise((res) => setTimeout(res, 10));
      stop.abort();
      await running;
      assert.deepEqual(r.bodies.map((b) => (b as Alert).auditID), ['id-1', 'id-2', 'id-3']);
      assert.equal(sink.queued().length, 0);
    } finally {
      r.server.close();
    }
  });

  test('json body carries rule, priority, time, output and auditID', () => {
    const body = JSON.parse(webhookBody({ kind: 'alert', alert: alert(1) }, 'json'));
    for (const k of ['rule', 'priority', 'time', 'output', 'auditID']) assert.ok(k in body, k);
  });
});
