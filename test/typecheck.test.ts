import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { repoRoot } from './corpus.js';

it('the whole project type-checks (TypeScript strict)', () => {
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', join(repoRoot, 'tsconfig.json')], {
    encoding: 'utf8',
    timeout: 240_000,
  });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
