import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { nameOf } from '../core/k8s/object.js';
import { loadPaths, loadText } from './index.js';
import { locate } from './locate.js';

const dir = mkdtempSync(join(tmpdir(), 'stockade-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const names = (r: { inventory: { entries: { object: import('../core/k8s/object.js').KubeObject }[] } }) => r.inventory.entries.map((e) => `${e.object.kind}/${nameOf(e.object)}`);

describe('loader', () => {
  it('reads multi-document YAML with document start lines', () => {
    const r = loadText('# leading comment\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n...\n', 'm.yaml');
    assert.deepEqual(names(r), ['Pod/a', 'Service/b']);
    assert.deepEqual(r.inventory.entries.map((e) => e.origin.line), [2, 8]);
    assert.deepEqual(r.errors, []);
  });

  it('expands v1 List and typed lists, filling in implied kinds', () => {
    const r = loadText(
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }] }) +
        '\n---\napiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: q}\n  spec: {}\n',
      'l.yaml',
    );
    assert.deepEqual(names(r), ['Pod/p', 'Pod/q']);
    assert.deepEqual(r.inventory.entries[1]!.origin.itemPath, ['items', 0]);
    assert.equal(locate(r.inventory.entries[1]!.origin, ['spec']).line, 7);
  });

  it('reads JSON files', async () => {
    const file = join(dir, 'pod.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' }, spec: { hostPID: true } }, null, 2));
    const r = await loadPaths([file]);
    assert.deepEqual(names(r), ['Pod/j']);
    assert.equal(locate(r.inventory.entries[0]!.origin, ['spec', 'hostPID']).line, 8);
  });

  it('skips documents that are not Kubernetes objects with a note, not an error', () => {
    const r = loadText('just a string\n---\n- a\n- b\n---\nfoo: bar\n---\n42\n', 'x.yaml');
    assert.equal(r.inventory.size, 0);
    assert.deepEqual(r.errors, []);
    assert.equal(r.notes.length, 4);
    assert.match(r.notes[1]!.message, /sequence/);
    assert.match(r.notes[2]!.message, /no apiVersion\/kind/);
  });

  it('takes the origin of Helm output from # Source comments', () => {
    const text = '---\n# Source: shop/templates/web.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  hostNetwork: true\n';
    const r = loadText(text, '<stdin>');
    const where = locate(r.inventory.entries[0]!.origin, ['spec', 'hostNetwork']);
    assert.equal(where.file, 'shop/templates/web.yaml');
    assert.deepEqual(where.rendered, { file: '<stdin>', line: 8 });
  });

  it('reads YAML 1.1 scalars as Kubernetes does (yes/on are booleans, 0644 is octal)', () => {
    const r = loadText('apiVersion: v1\nkind: Pod\nmetadata: {name: y}\nspec:\n  hostPID: yes\n  hostIPC: on\n  volumes:\n  - name: v\n    secret: {defaultMode: 0644}\n', 'y.yaml');
    const spec = r.inventory.entries[0]!.object.spec as { hostPID: unknown; hostIPC: unknown; volumes: { secret: { defaultMode: number } }[] };
    assert.equal(spec.hostPID, true);
    assert.equal(spec.hostIPC, true);
    assert.equal(spec.volumes[0]!.secret.defaultMode, 0o644);
  });

  it('keeps timestamp-like scalars as text, as Kubernetes does, while merge keys still merge', () => {
    const r = loadText(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  creationTimestamp: 2024-01-01T00:00:00Z\n  annotations:\n    released: 2024-05-06\n' +
        'spec:\n  base: &base {hostPID: true}\n  merged:\n    <<: *base\n',
      't.yaml',
    );
    const object = r.inventory.entries[0]!.object as unknown as { metadata: Record<string, unknown>; spec: { merged: unknown } };
    assert.equal(object.metadata.creationTimestamp, '2024-01-01T00:00:00Z');
    assert.deepEqual(object.metadata.annotations, { released: '2024-05-06' });
    assert.deepEqual(object.spec.merged, { hostPID: true });
  });

  it('walks directories for .yaml, .yml and .json only, skipping other files', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    writeFileSync(join(tree, 'a.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n');
    writeFileSync(join(tree, 'sub', 'b.yml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n');
    writeFileSync(join(tree, 'README.md'), '# not yaml: {');
    writeFileSync(join(tree, 'script.sh'), 'kind: Pod');
    const r = await loadPaths([tree]);
    assert.deepEqual(names(r), ['Pod/a', 'Pod/b']);
    assert.deepEqual(r.errors, []);
  });

  it('reports an unreadable entry in a directory and goes on with the rest', async () => {
    const tree = join(dir, 'broken');
    mkdirSync(tree, { recursive: true });
    writeFileSync(join(tree, 'good.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: good}\n');
    symlinkSync(join(tree, 'missing-target.yaml'), join(tree, 'dangling.yaml'));
    const r = await loadPaths([tree, join(dir, 'does-not-exist.yaml')]);
    assert.deepEqual(names(r), ['Pod/good']);
    assert.deepEqual(
      r.errors.map((e) => [e.file.replace(dir, ''), e.message]),
      [
        ['/broken/dangling.yaml', 'no such file or directory'],
        ['/does-not-exist.yaml', 'no such file or directory'],
      ],
    );
  });

  it('refuses a FIFO instead of blocking on it', async () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await loadPaths([fifo]);
    assert.deepEqual(r.errors.map((e) => e.message), ['not a regular file or directory']);
  });

  it('reads standard input', async () => {
    const r = await loadPaths(['-'], { readStdin: async () => Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: s}\n') });
    assert.deepEqual(names(r), ['Pod/s']);
    assert.equal(r.inventory.entries[0]!.origin.file, '<stdin>');
  });
});
