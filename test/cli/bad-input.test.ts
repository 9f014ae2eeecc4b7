import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, createWriteStream, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { repoRoot } from '../corpus.js';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-bad-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    securityContext:\n      privileged: true\n';

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

interface JsonReport {
  summary: { resources: number; findings: number };
  findings: { check: string; resource: { kind: string; name: string }; location: { file: string; line: number } }[];
  errors: { file: string; line?: number; message: string }[];
}

async function scanJson(paths: string[], extra: string[] = [], nodeArgs: string[] = []) {
  const r = await runCli(['scan', ...paths, '--format', 'json', '--check', 'readonly-root-filesystem', ...extra], { nodeArgs });
  let report: JsonReport | undefined;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch {
    report = undefined;
  }
  return { ...r, report };
}

/** Every line on stderr is one line and no stack trace. */
function assertCleanErrors(stderr: string) {
  assert.doesNotMatch(stderr, /\n\s+at .+:\d+:\d+/, 'no stack traces');
  assert.doesNotMatch(stderr, /internal error/);
}

describe('bad input', () => {
  it('a reader that stops early (| head) ends the output quietly, without an EPIPE crash', async () => {
    // Help text is written through the asynchronous stdout stream, in several writes.
    const child = spawn(process.execPath, [join(repoRoot, 'bin/stockade.js'), 'cluster', 'snapshot', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => stderr.push(d));
    child.stdout.once('data', () => child.stdout.destroy());
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    assert.equal(Buffer.concat(stderr).toString(), '');
    assert.equal(code, 0);
  });


  it('a YAML alias bomb is a bounded error, and the other documents are still scanned', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = file('bomb.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  x: y\n${levels.join('\n')}\n---\n${POD}`);
    const r = await scanJson([bomb]);
    assert.equal(r.code, 2);
    assert.ok(r.report);
    assert.equal(r.report.errors.length, 1);
    assert.match(r.report.errors[0]!.message, /alias/);
    assert.equal(r.report.errors[0]!.line, 1);
    assert.deepEqual(r.report.findings.map((f) => f.resource.name), ['ok']);
    assertCleanErrors(r.stderr);
  });

  it('a binary file is an error naming the file', async () => {
    const bin = file('image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0xff]));
    const r = await scanJson([bin, file('fine.yaml', POD)]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /image\.yaml:1: binary content/);
    assert.equal(r.report!.findings.length, 1);
  });

  it('invalid UTF-8 is reported with its line and the file is still scanned', async () => {
    const text = Buffer.concat([Buffer.from(POD.replace('name: ok', 'name: bad-utf8')), Buffer.from('# caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    const r = await scanJson([file('latin.yaml', text)]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /latin\.yaml:11: invalid UTF-8/);
    assert.deepEqual(r.report!.findings.map((f) => f.resource.name), ['bad-utf8']);
  });

  it('duplicate keys are an error with the line, as kubectl refuses them', async () => {
    const r = await scanJson([file('dup.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /dup\.yaml:5: invalid YAML: duplicated mapping key/);
    assertCleanErrors(r.stderr);
  });

  it('a scalar or a list document is skipped with a note', async () => {
    const r = await scanJson([file('odd.yaml', `hello\n---\n- 1\n- 2\n---\n${POD}`)]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /odd\.yaml:1: skipped: document is a string/);
    assert.match(r.stderr, /odd\.yaml:3: skipped: document is a sequence/);
    assert.equal(r.report!.summary.resources, 1);
  });

  it('deeply nested input is a bounded error, not a crash', async () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(20000)}${']'.repeat(20000)}\n`;
    const deepJson = `{"apiVersion":"v1","kind":"ConfigMap","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const r = await scanJson([file('deep.yaml', deep), file('deep.json', deepJson), file('after.yaml', POD)]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /deep\.yaml:\d+: .*(nesting|deep)/);
    assert.match(r.stderr, /deep\.json:\d+: .*(nesting|deep)/);
    assert.deepEqual(r.report!.findings.map((f) => f.resource.name), ['ok']);
    assertCleanErrors(r.stderr);
  });

  it('unknown kinds and CRDs are loaded, and no pod check fires on them', async () => {
    const crd = `apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: lookalike}\nspec:\n  template:\n    spec:\n      containers: [{name: x, image: x, securityContext: {privileged: true}}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: svc}\nspec:\n  containers: [{name: x}]\n---\napiVersion: widgets.io/v1alpha1\nkind: Widget\nmetadata: {name: w}\nspec: {containers: [{name: x}]}\n`;
    const r = await runCli(['scan', file('crd.yaml', crd), '--format', 'json', '--policy', 'all']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.summary.resources, 3);
    const podCategories = ['pod-security', 'workload', 'supply-chain', 'sandbox'];
    assert.deepEqual(report.findings.filter((f) => podCategories.includes((f as unknown as { category: string }).category)), []);
  });

  it('an empty input is not an error', async () => {
    const r = await scanJson([file('empty.yaml', '')]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /empty input/);
    const stdin = await runCli(['scan', '-', '--format', 'json'], { stdin: '' });
    assert.equal(stdin.code, 0);
  });

  it('an unreadable entry in a directory is reported and the rest is scanned', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'pod.yaml'), POD);
    symlinkSync(join(tree, 'gone.yaml'), join(tree, 'link.yaml'));
    const r = await scanJson([tree]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /link\.yaml: no such file or directory/);
    assert.equal(r.report!.findings.length, 1);
  });

  describe('a 100 MB file', () => {
    let big: string;
    let podLine = 0;
    before(async () => {
      big = join(dir, 'big.yaml');
      const out = createWriteStream(big);
      const payload = 'x'.repeat(900);
      let written = 0;
      let i = 0;
      while (written < 100 * 1024 * 1024) {
        const doc = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i++}\n  namespace: bulk\ndata:\n  blob: ${payload}\n---\n`;
        written += doc.length;
        if (!out.write(doc)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      // Eight lines per ConfigMap; the pod's securityContext is its ninth line.
      podLine = 8 * i + 9;
      out.end(POD);
      await new Promise<void>((r) => out.on('finish', () => r()));
    });

    it('is scanned within a 1 GiB heap, with the finding at the right line', async () => {
      const r = await runCli(['scan', big, '--format', 'json', '--check', 'readonly-root-filesystem', '--fail-on', 'medium'], { nodeArgs: ['--max-old-space-size=1024'], timeoutMs: 300_000 });
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout) as JsonReport;
      assert.ok(report.summary.resources > 100_000);
      assert.equal(report.findings.length, 1);
      assert.equal(report.findings[0]!.location.line, podLine);
    });
  });
});
