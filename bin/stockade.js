#!/usr/bin/env node
// Entry point for `stockade` and `kubectl-stockade` (kubectl finds plugins by that name).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/entry.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('stockade: not built yet: run `npm ci` (or `npm run build`) first\n');
  process.exit(2);
}
await import(compiled.href);
