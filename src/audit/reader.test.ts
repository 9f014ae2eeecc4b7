import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { AuditEvent } from './event.js';
import { followAuditFile, LineSplitter, readAuditStream, type ReadProblem } from './reader.js';

const ev = (id: string, apiVersion = 'audit.k8s.io/v1') => JSON.stringify({ kind: 'Event', apiVersion, auditID: id, stage: 'ResponseComplete', verb: 'get' });

async function read(text: string | Buffer[], chunk = 7) {
  const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.concat(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const events: AuditEvent[] = [];
  const problems: ReadProblem[] = [];
  const stats = await readAuditStream(Readable.from(chunks), 'log.json', (e) => events.push(e), (p) => problems.push(p));
  return { ids: events.map((e) => e.auditID), problems, stats };
}

describe('reading audit JSON lines', () => {
  test('v1 and v1beta1 events, EventList lines, blank lines, CRLF, no final newline', async () => {
    const list = JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [JSON.parse(ev('l1')), { ...JSON.parse(ev('l2')), kind: undefined }] });
    const r = await read(`${ev('a')}\r\n\n${ev('b', 'audit.k8s.io/v1beta1')}\n${list}\n${ev('c')}`);
    assert.deepEqual(r.ids, ['a', 'b', 'l1', 'l2', 'c']);
    assert.deepEqual(r.problems, []);
  });
  test('lines that are not events are reported with their line number and reading goes on', async () => {
    const r = await read(`${ev('a')}\n{"kind": 0}\nnot json\n[1,2]\n{"kind":"Event","apiVersion":"v1","verb":"get","stage":"x"}\n{"kind":"Pod"}\n${ev('b')}\n`);
    assert.deepEqual(r.ids, ['a', 'b']);
    assert.deepEqual(r.problems.map((p) => [p.file, p.line]), [['log.json', 2], ['log.json', 3], ['log.json', 4], ['log.json', 5], ['log.json', 6]]);
    assert.match(r.problems[0].message, /data not recognized as a k8s audit event/);
    assert.match(r.problems[1].message, /^not JSON/);
    assert.equal(r.stats.problems, 5);
  });
  test('multi-byte UTF-8 split across chunks survives', async () => {
    const line = JSON.stringify({ ...JSON.parse(ev('ü')), user: { username: 'zoë—🚀' } });
    const events: AuditEvent[] = [];
    const bytes = Buffer.from(`${line}\n`);
    await readAuditStream(Readable.from([...bytes].map((b) => Buffer.from([b]))), 'x', (e) => events.push(e), () => assert.fail());
    assert.equal(events[0].user?.username, 'zoë—🚀');
  });
  test('an over-long line is skipped and reported; the next line is read', () => {
    const lines: string[] = [];
    const long: number[] = [];
    const s = new LineSplitter((l) => lines.push(l), (n) => long.push(n), 10);
    s.push('short\n');
    s.push('x'.repeat(8));
    s.push('x'.repeat(8));
    s.push('yyy\nafter\n');
    s.end();
    assert.deepEqual(lines, ['short', 'after']);
    assert.deepEqual(long, [2]);
  });
});

describe('following a growing file', () => {
  test('appends are read, and reading survives rename rotation and truncation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockade-follow-'));
    const path = join(dir, 'audit.log');
    writeFileSync(path, `${ev('1')}\n`);
    const seen: string[] = [];
    const controller = new AbortController();
    const done = followAuditFile(path, (e) => seen.push(e.auditID ?? ''), () => undefined, { pollMs: 20, signal: controller.signal });
    const waitFor = async (n: number) => {
      for (let i = 0; i < 250 && seen.length < n; i++) await sleep(20);
    };
    try {
      await waitFor(1);
      appendFileSync(path, `${ev('2')}\n${ev('3').slice(0, 20)}`);
      await waitFor(2);
      appendFileSync(path, `${ev('3').slice(20)}\n`);
      await waitFor(3);
      // Rotation: the writer finishes the old file, which is renamed away, then starts a new one.
      appendFileSync(path, `${ev('4')}\n`);
      renameSync(path, `${path}.1`);
      writeFileSync(path, `${ev('5')}\n`);
      await waitFor(5);
      truncateSync(path, 0);
      await sleep(100);
      appendFileSync(path, `${ev('6')}\n`);
      await waitFor(6);
    } finally {
      controller.abort();
      await done;
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(seen, ['1', '2', '3', '4', '5', '6']);
  });
});
