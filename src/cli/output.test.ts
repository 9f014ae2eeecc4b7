import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeChunks } from './output.js';

describe('writeChunks', () => {
  it('writes text and byte views in order, across many vectored writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockade-output-'));
    try {
      const chunks: (string | Uint8Array)[] = ['head ', 'é\n'];
      const backing = Buffer.from('0123456789'.repeat(1000));
      for (let i = 0; i < 5000; i++) {
        chunks.push(backing.subarray(i % 9000, (i % 9000) + (i % 13)));
        if (i % 1000 === 0) chunks.push(`|text ${i}|`);
      }
      chunks.push(new Uint8Array(0), 'tail\n');
      const file = join(dir, 'out.txt');
      writeChunks(chunks, file);
      const expected = chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString())).join('');
      assert.equal(readFileSync(file, 'utf8'), expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
