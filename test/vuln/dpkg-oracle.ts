import { spawnSync } from 'node:child_process';

/**
 * Judges version pairs with the real `dpkg --compare-versions`, all in one shell child process
 * (dpkg compares one pair per invocation). Returns -1, 0 or 1 per pair.
 */
export function judgeWithDpkg(pairs: ReadonlyArray<readonly [string, string]>, timeoutMs = 600_000): number[] {
  const script =
    'while IFS="$(printf "\\t")" read -r a b; do ' +
    'if dpkg --compare-versions "$a" lt "$b"; then echo -1; ' +
    'elif dpkg --compare-versions "$a" eq "$b"; then echo 0; else echo 1; fi; done';
  const input = pairs.map(([a, b]) => `${a}\t${b}\n`).join('');
  const result = spawnSync('sh', ['-c', script], { input, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`dpkg oracle failed: ${result.error?.message ?? result.stderr}`);
  const verdicts = result.stdout.trim().split('\n').map(Number);
  if (verdicts.length !== pairs.length) throw new Error(`dpkg oracle answered ${verdicts.length} of ${pairs.length} pairs`);
  return verdicts;
}
