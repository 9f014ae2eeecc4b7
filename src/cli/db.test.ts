import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../core/errors.js';
import { parseDuration } from './db.js';

test('durations for --max-age', () => {
  assert.equal(parseDuration('90m', '--max-age'), 90 * 60_000);
  assert.equal(parseDuration('12h', '--max-age'), 12 * 3_600_000);
  assert.equal(parseDuration('7d', '--max-age'), 7 * 86_400_000);
  assert.equal(parseDuration('2w', '--max-age'), 14 * 86_400_000);
  assert.throws(() => parseDuration('soon', '--max-age'), (e: unknown) => e instanceof UsageError && /--max-age: expected a duration like 12h, 7d or 2w, got "soon"/.test(e.message));
});
