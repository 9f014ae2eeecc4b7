import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-dashboard-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('stockade dashboard (CLI)', () => {
  it('refuses to listen beyond loopback without a token, saying why, before touching the database', async () => {
    const r = await runCli(['dashboard', '--host', '0.0.0.0', '--db', join(dir, 'none.db')], { timeoutMs: 30_000 });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /refusing to listen on 0\.0\.0\.0 without a token/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('says when there is no history yet, and rejects bad flags in one line', async () => {
    const missing = await runCli(['dashboard', '--db', join(dir, 'none.db'), '--port', '0'], { timeoutMs: 30_000 });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /none\.db: no history database here: record a scan first/);
    const port = await runCli(['dashboard', '--port', 'eighty'], { timeoutMs: 30_000 });
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port: expected a port number/);
    const both = await runCli(['dashboard', '--token', 'x'.repeat(20), '--token-file', join(dir, 't')], { timeoutMs: 30_000 });
    assert.equal(both.code, 2);
    assert.equal(both.stderr.trim().split('\n').length, 1);
  });
});
