import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkFiles, renderIndex } from '../scripts/generate-check-index.js';
import { docsDir, renderDocs } from '../scripts/generate-docs.js';
import { ALL_CHECKS } from '../src/checks/index.js';
import { registryProblems } from '../src/core/registry.js';
import { repoRoot } from './corpus.js';

/** The catalogue's contract, after ESLint's parity script: every check has tests, docs, a unique code. */
describe('check catalogue parity', () => {
  it('the registry is valid (unique ids and codes, complete metadata)', () => {
    assert.deepEqual(registryProblems(ALL_CHECKS), []);
  });

  it('the check index is generated from the files present (run npm run generate)', () => {
    assert.equal(readFileSync(join(repoRoot, 'src/checks/index.ts'), 'utf8'), renderIndex());
  });

  it('every check file has a test beside it', () => {
    const missing = checkFiles().filter((f) => !existsSync(join(repoRoot, 'src/checks', `${f}.test.ts`)));
    assert.deepEqual(missing, []);
  });

  it('every check file is named by its check id', () => {
    const files = checkFiles().map((f) => f.split('/')[1]).sort();
    assert.deepEqual(files, ALL_CHECKS.map((c) => c.id).sort());
  });

  it('the generated docs are current (run npm run generate)', () => {
    const expected = renderDocs(ALL_CHECKS);
    const present = readdirSync(docsDir).sort();
    assert.deepEqual(present, [...expected.keys()].sort());
    for (const [name, text] of expected) assert.equal(readFileSync(join(docsDir, name), 'utf8'), text, `docs/checks/${name} is stale`);
  });
});
