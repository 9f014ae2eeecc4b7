import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Judges version pairs with the real rpm (`rpm.vercmp` through rpm's embedded Lua), all pairs in
 * one `rpm --eval` child process. Returns -1, 0 or 1 per pair.
 */
export function judgeWithRpm(pairs: ReadonlyArray<readonly [string, string]>, timeoutMs = 60_000): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'stockade-rpm-'));
  try {
    const script = join(dir, 'pairs.lua');
    const lines = pairs.map(([a, b]) => `io.write(rpm.vercmp([==[${a}]==], [==[${b}]==]), "\\n")`);
    writeFileSync(script, `${lines.join('\n')}\n`);
    const result = spawnSync('rpm', ['--eval', `%{lua: dofile([==[${script}]==])}`], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 26 });
    if (result.status !== 0) throw new Error(`rpm oracle failed: ${result.error?.message ?? result.stderr}`);
    const verdicts = result.stdout.trim().split('\n').map(Number);
    if (verdicts.length !== pairs.length) throw new Error(`rpm oracle answered ${verdicts.length} of ${pairs.length} pairs`);
    return verdicts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
