import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** Repository root (this file lives in `test/`). */
export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * The shared corpus of third-party fixtures sits beside the repository (`../shared/corpus`),
 * in CI as in development. STOCKADE_CORPUS overrides it.
 */
export const corpusRoot = process.env.STOCKADE_CORPUS ?? resolve(repoRoot, '..', 'shared', 'corpus');

export function corpusPath(...parts: string[]): string {
  const full = join(corpusRoot, ...parts);
  if (!existsSync(full)) throw new Error(`corpus file missing: ${parts.join('/')} (expected the corpus at ../shared/corpus)`);
  return full;
}
