import assert from 'node:assert/strict';
import { it } from 'node:test';
import { terminalProgress } from './progress.js';

it('terminal progress redraws one line in place, throttled, and ends with a newline', () => {
  const writes: string[] = [];
  let t = 0;
  const progress = terminalProgress({ write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream, () => t);
  progress.start(4);
  for (let i = 0; i < 10; i++) progress.page(500);
  t = 150;
  progress.kindDone();
  progress.finish();
  assert.equal(writes.length, 4, 'start, one throttled redraw, finish, newline');
  assert.match(writes[1]!, /^\r\u001b\[2K\[######\.{18}\] 1\/4 kinds, 5,000 objects$/);
  assert.equal(writes[3], '\n');
});
