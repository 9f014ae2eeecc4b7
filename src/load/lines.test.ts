import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusPath } from '../../test/corpus.js';
import { splitDocuments } from './documents.js';
import { BlockYamlLocator, DocumentLocator } from './lines.js';
import { locateWithYamlLibrary, parseRawDocument, yamlLibraryLocator } from './parse.js';

/** Every path to every node (objects and arrays included) of a parsed document. */
function allPaths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) allPaths(v, [...prefix, k], out);
  return out;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yamlFiles(full, out);
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

/** 0-based line of `path` in a document of these lines, by the block YAML locator alone. */
function lineIn(lines: string[], path: (string | number)[]): number | undefined {
  return new BlockYamlLocator(lines.join('\n')).lineOf(path);
}

/** Compares our line of every field of every document of `files` with the yaml library's. */
function compareWithLibrary(files: string[], transform: (text: string) => string = (text) => text): { compared: number; mismatches: string[] } {
  let compared = 0;
  const mismatches: string[] = [];
  for (const file of files) {
    for (const doc of splitDocuments(Buffer.from(transform(readFileSync(file, 'utf8'))))) {
      let value: unknown;
      try {
        value = parseRawDocument(doc, false).value;
      } catch {
        continue;
      }
      const ours = new BlockYamlLocator(doc.text);
      const library = yamlLibraryLocator(doc.text);
      for (const path of allPaths(value)) {
        if (path.length === 0) continue;
        const line = ours.lineOf(path);
        if (line === undefined) continue; // flow style: the caller falls back to the library
        const theirs = library(path);
        compared++;
        if (theirs !== undefined && line + 1 !== theirs) mismatches.push(`${file} ${JSON.stringify(path)}: ours ${line + 1}, yaml ${theirs}`);
      }
    }
  }
  return { compared, mismatches };
}

describe('line locator', () => {
  it('agrees with the yaml library on every field of real manifests', () => {
    const files = [
      ...yamlFiles(corpusPath('badpods')),
      ...yamlFiles(corpusPath('kubernetes-goat')),
      ...yamlFiles(corpusPath('microservices-demo')),
      ...yamlFiles(corpusPath('rbac', 'k8s-bootstrap-policy')),
    ];
    const { compared, mismatches } = compareWithLibrary(files);
    assert.ok(compared > 5000, `compared only ${compared} fields`);
    assert.deepEqual(mismatches.slice(0, 10), []);
  });

  it('agrees with the yaml library on manifests with CRLF line ends', () => {
    const files = [...yamlFiles(corpusPath('badpods')), ...yamlFiles(corpusPath('microservices-demo'))];
    const { compared, mismatches } = compareWithLibrary(files, (text) => text.replace(/\r?\n/g, '\r\n'));
    assert.ok(compared > 2000, `compared only ${compared} fields`);
    assert.deepEqual(mismatches.slice(0, 10), []);
  });

  it('points at the deepest existing key for a missing field', () => {
    const text = 'spec:\n  containers:\n  - name: a\n    securityContext:\n      runAsUser: 1\n  - name: b\n';
    const locator = new BlockYamlLocator(text);
    assert.equal(locator.lineOf(['spec', 'containers', 0, 'securityContext', 'privileged']), 3);
    assert.equal(locator.lineOf(['spec', 'containers', 1, 'securityContext']), 5);
    assert.equal(locator.lineOf(['spec', 'containers', 1, 'name']), 5);
  });

  it('handles sequences at the same indent as their key, quoted keys and comments', () => {
    const text = 'metadata:\n  annotations:\n    "a.b/c": x # note\n    # comment\n    d: |\n      e: not a key\n    e: y\nitems:\n- a\n- b: 1\n';
    const locator = new BlockYamlLocator(text);
    assert.equal(locator.lineOf(['metadata', 'annotations', 'a.b/c']), 2);
    assert.equal(locator.lineOf(['metadata', 'annotations', 'e']), 6);
    assert.equal(locator.lineOf(['items', 1, 'b']), 9);
  });

  it('leaves flow style to the full parser', () => {
    assert.equal(lineIn(['{"spec": {"a": 1}}'], ['spec', 'a']), undefined);
    assert.equal(locateWithYamlLibrary('{"spec":\n {"a": 1}}', ['spec', 'a']), 2);
  });
});

describe('line locator key matching', () => {
  it('finds keys exactly as a full key parse would, odd spacing and look-alike keys included', () => {
    const text = [
      'keyboard: 1',
      'key:x: 2',
      'key\t: 3',
      '"quoted": 4',
      'a: 5',
      'key\r: 6',
      'key\u00a0: 7',
      'key:',
      'key: 8',
    ].join('\n');
    const locator = new BlockYamlLocator(text);
    assert.equal(locator.lineOf(['keyboard']), 0);
    assert.equal(locator.lineOf(['key:x']), 1);
    assert.equal(locator.lineOf(['key']), 2);
    assert.equal(locator.lineOf(['quoted']), 3);
    assert.equal(locator.lineOf(['a']), 4);
    assert.equal(lineIn(['key\r: 6', 'key: 1'], ['key']), 0);
    assert.equal(lineIn(['key\u00a0: 7', 'key: 1'], ['key']), 0);
    assert.equal(lineIn(['other: 1', 'key:', '  a: 1'], ['key', 'a']), 2);
  });
});

describe('line locator reading lines in place', () => {
  it('reads carriage returns, blank lines of tabs, comments and a last line without a newline', () => {
    const lines = ['metadata:', '  name: a', '\t', '  # note', '  labels:', '    app:\tx', 'kind: Pod\r', 'spec:', '  hostPID: true'];
    assert.equal(lineIn(lines, ['metadata', 'labels', 'app']), 5);
    assert.equal(lineIn(lines, ['kind']), 6);
    assert.equal(lineIn(lines, ['spec', 'hostPID']), 8);
    assert.equal(lineIn(lines, ['metadata', 'missing']), 0);
    assert.equal(lineIn(['a: 1\r', 'b: 2\r', ''], ['b']), 1);
  });

  it('matches quoted keys, on their own line and on a sequence dash', () => {
    const lines = ['"a:b": 1', "'it''s': 2", '"esc\\"q": 3', 'items:', '- "name": x', '  image: y'];
    assert.equal(lineIn(lines, ['a:b']), 0);
    assert.equal(lineIn(lines, ["it's"]), 1);
    assert.equal(lineIn(lines, ['esc"q']), 2);
    assert.equal(lineIn(lines, ['items', 0, 'image']), 5);
  });

  it('skips markers, directives and comments before the content', () => {
    assert.equal(lineIn(['---', '# comment', '%TAG ! tag:x,2024:', '---  # again', 'apiVersion: v1'], ['apiVersion']), 4);
    assert.equal(lineIn(['--- {a: 1}'], ['a']), undefined);
  });

  it('answers alike whatever order fields are asked in', () => {
    const text = 'a:\n  b: 1\n  c:\n  - x: 1\n  - y: 2\n    z: 3\nd:\n  e: 4\n';
    const paths: (string | number)[][] = [['d', 'e'], ['a', 'c', 1, 'z'], ['a', 'missing'], ['a', 'b'], ['a', 'c', 0, 'x'], ['a', 'c', 2], ['d'], ['missing']];
    const shared = new BlockYamlLocator(text);
    for (const path of paths) assert.equal(shared.lineOf(path), new BlockYamlLocator(text).lineOf(path), JSON.stringify(path));
    assert.deepEqual(paths.map((path) => shared.lineOf(path)), [7, 5, 0, 1, 3, 2, 6, 0]);
  });

  it('finds the fields of a List item within its item path', () => {
    const locator = new BlockYamlLocator('kind: List\nitems:\n- kind: Pod\n  spec:\n    hostPID: true\n- kind: Pod\n  spec: {}\n');
    assert.equal(locator.lineOf(['spec', 'hostPID'], ['items', 0]), 4);
    assert.equal(locator.lineOf(['spec', 'hostPID'], ['items', 1]), 6);
    assert.equal(locator.lineOf(['spec'], ['items', 2]), 1);
  });

  it('counts lines from the document start and falls back to the full parser, item paths included', () => {
    assert.equal(new DocumentLocator('---\nspec: {a:\n 1}\n', 10).lineOf(['spec', 'a']), 11);
    assert.equal(new DocumentLocator('items:\n- {spec:\n   {a: 1}}\n', 1).lineOf(['spec', 'a'], ['items', 0]), 3);
    assert.equal(new DocumentLocator('a:\n  b: 1\n', 5).lineOf(['a', 'b']), 6);
  });
});

describe('line locator in long lists', () => {
  it('finds any item of a long list, asked in any order, and no item a list does not have', () => {
    const lines = ['items:'];
    for (let i = 0; i < 500; i++) lines.push(`- name: n${i}`, '  spec:', `    n: ${i}`);
    lines.push('after: 1');
    const locator = new BlockYamlLocator(lines.join('\n'));
    assert.equal(locator.lineOf(['items', 400, 'spec', 'n']), 1 + 400 * 3 + 2);
    assert.equal(locator.lineOf(['items', 3, 'name']), 1 + 3 * 3);
    assert.equal(locator.lineOf(['items', 499, 'spec']), 1 + 499 * 3 + 1);
    for (const missing of [500, -1, 1.5]) assert.equal(locator.lineOf(['items', missing, 'spec']), 0);
    assert.equal(locator.lineOf(['after']), 1 + 500 * 3);
  });
});
