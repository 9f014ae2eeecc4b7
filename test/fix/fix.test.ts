import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { diffLines } from 'diff';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath, repoRoot } from '../corpus.js';
import { runCli } from '../cli/run.js';

const work = mkdtempSync(join(tmpdir(), 'stockade-fix-'));
after(() => rmSync(work, { recursive: true, force: true }));

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

interface Report {
  findings: { check: string; fingerprint: string; fix?: unknown; fixSafety?: string; suppressed?: unknown; location: { file: string } }[];
}

async function scan(dir: string): Promise<Report> {
  const r = await runCli(['scan', dir, '--policy', 'all', '--format', 'json']);
  return JSON.parse(r.stdout) as Report;
}

/** Copies a tree, fixes it and checks the three promises of `stockade fix`. */
async function fixAndVerify(source: string, name: string, unsafe: boolean) {
  const dir = join(work, name);
  cpSync(source, dir, { recursive: true });
  const originals = new Map(yamlFiles(dir).map((f) => [f, readFileSync(f, 'utf8')]));
  const before = await scan(dir);
  const fixable = before.findings.filter((f) => f.fix && !f.suppressed && (unsafe || f.fixSafety === 'safe'));
  assert.ok(fixable.length > 0, 'the input has fixable findings');

  const r = await runCli(['fix', dir, '--policy', 'all', ...(unsafe ? ['--unsafe'] : [])]);
  assert.equal(r.code, 0, r.stderr);

  // 1. The files still parse, with the same objects.
  const loaded = await loadPaths([dir]);
  assert.deepEqual(loaded.errors, []);

  // 2. A re-scan no longer reports the fixed findings.
  const afterScan = await scan(dir);
  const remaining = new Set(afterScan.findings.filter((f) => !f.suppressed).map((f) => f.fingerprint));
  const notFixed = fixable.filter((f) => remaining.has(f.fingerprint));
  assert.deepEqual(notFixed.map((f) => `${relative(dir, f.location.file)} ${f.check}`), []);

  // 3. Untouched lines are byte-identical: lines are added, and a replaced value changes its one line.
  let changedFiles = 0;
  for (const [file, original] of originals) {
    const updated = readFileSync(file, 'utf8');
    if (updated === original) continue;
    changedFiles++;
    for (const part of diffLines(original, updated)) {
      if (!part.removed) continue;
      for (const line of part.value.split('\n').filter((l) => l !== '')) {
        assert.match(line, /^\s*(-\s+)?[A-Za-z]+: \S+/, `${relative(dir, file)}: only single scalar lines may change, not:\n${line}`);
      }
    }
  }
  assert.ok(changedFiles > 0);
  return { fixed: fixable.length, changedFiles };
}

describe('stockade fix', () => {
  it('fixes badPods with safe fixes: findings gone, files parse, untouched lines identical', async () => {
    const { changedFiles } = await fixAndVerify(corpusPath('badpods', 'manifests'), 'badpods-safe', false);
    assert.ok(changedFiles >= 100);
  });

  it('fixes badPods with unsafe fixes too, changing only the replaced value lines', async () => {
    await fixAndVerify(corpusPath('badpods', 'manifests'), 'badpods-unsafe', true);
  });

  it('fixes the bundled examples', async () => {
    await fixAndVerify(join(repoRoot, 'examples'), 'examples', true);
  });

  it('--dry-run prints a unified diff and changes nothing', async () => {
    const dir = join(work, 'dry');
    cpSync(corpusPath('badpods', 'manifests', 'everything-allowed', 'pod'), dir, { recursive: true });
    const before = yamlFiles(dir).map((f) => readFileSync(f, 'utf8'));
    const r = await runCli(['fix', dir, '--dry-run']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\+\+\+ b\//m);
    assert.match(r.stdout, /^\+\s+allowPrivilegeEscalation: false$/m);
    assert.deepEqual(yamlFiles(dir).map((f) => readFileSync(f, 'utf8')), before);
  });

  it('reports Helm-rendered documents as not fixable and leaves them alone', async () => {
    const rendered = '---\n# Source: shop/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a:1\n';
    const r = await runCli(['fix', '-'], { stdin: rendered });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, rendered);
    assert.match(r.stderr, /not fixed: <stdin>: Pod p: .*rendered by Helm from shop\/templates\/pod\.yaml: fix the template/);
  });
});
