import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusPath } from '../../test/corpus.js';
import { splitDocuments } from './documents.js';
import { locateInBlockYaml } from './lines.js';
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

describe('line locator', () => {
  it('agrees with the yaml library on every field of real manifests', () => {
    const files = [
      ...yamlFiles(corpusPath('badpods')),
      ...yamlFiles(corpusPath('kubernetes-goat')),
      ...yamlFiles(corpusPath('microservices-demo')),
      ...yamlFiles(corpusPath('rbac', 'k8s-bootstrap-policy')),
    ];
    let compared = 0;
    const mismatches: string[] = [];
    for (const file of files) {
      for (const doc of splitDocuments(readFileSync(file))) {
        let value: unknown;
        try {
          value = parseRawDocument(doc, false).value;
        } catch {
          continue;
        }
        const lines = doc.text.split('\n');
        const library = yamlLibraryLocator(doc.text);
        for (const path of allPaths(value)) {
          if (path.length === 0) continue;
          const ours = locateInBlockYaml(lines, path);
          if (ours === undefined) continue; // flow style: the caller falls back to the library
          const theirs = library(path);
          compared++;
          if (theirs !== undefined && ours + 1 !== theirs) mismatches.push(`${file} ${JSON.stringify(path)}: ours ${ours + 1}, yaml ${theirs}`);
        }
      }
    }
    assert.ok(compared > 5000, `compared only ${compared} fields`);
    assert.deepEqual(mismatches.slice(0, 10), []);
  });

  it('points at the deepest existing key for a missing field', () => {
    const text = 'spec:\n  containers:\n  - name: a\n    securityContext:\n      runAsUser: 1\n  - name: b\n';
    const lines = text.split('\n');
    assert.equal(locateInBlockYaml(lines, ['spec', 'containers', 0, 'securityContext', 'privileged']), 3);
    assert.equal(locateInBlockYaml(lines, ['spec', 'containers', 1, 'securityContext']), 5);
    assert.equal(locateInBlockYaml(lines, ['spec', 'containers', 1, 'name']), 5);
  });

  it('handles sequences at the same indent as their key, quoted keys and comments', () => {
    const text = 'metadata:\n  annotations:\n    "a.b/c": x # note\n    # comment\n    d: |\n      e: not a key\n    e: y\nitems:\n- a\n- b: 1\n';
    const lines = text.split('\n');
    assert.equal(locateInBlockYaml(lines, ['metadata', 'annotations', 'a.b/c']), 2);
    assert.equal(locateInBlockYaml(lines, ['metadata', 'annotations', 'e']), 6);
    assert.equal(locateInBlockYaml(lines, ['items', 1, 'b']), 9);
  });

  it('leaves flow style to the full parser', () => {
    assert.equal(locateInBlockYaml(['{"spec": {"a": 1}}'], ['spec', 'a']), undefined);
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
    const lines = text.split('\n');
    assert.equal(locateInBlockYaml(lines, ['keyboard']), 0);
    assert.equal(locateInBlockYaml(lines, ['key:x']), 1);
    assert.equal(locateInBlockYaml(lines, ['key']), 2);
    assert.equal(locateInBlockYaml(lines, ['quoted']), 3);
    assert.equal(locateInBlockYaml(lines, ['a']), 4);
    assert.equal(locateInBlockYaml(['key\r: 6', 'key: 1'], ['key']), 0);
    assert.equal(locateInBlockYaml(['key\u00a0: 7', 'key: 1'], ['key']), 0);
    assert.equal(locateInBlockYaml(['other: 1', 'key:', '  a: 1'], ['key', 'a']), 2);
  });
});
