import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { EditError, editYamlDocument } from './yaml-edit.js';

function edit(text: string, ops: Parameters<typeof editYamlDocument>[2], prefix: (string | number)[] = []): string {
  return editYamlDocument(text, prefix, ops, yaml.load(text));
}

describe('YAML text edits', () => {
  it('adds a key to a block mapping after its last entry, keeping comments and quoting', () => {
    const text = '# top comment\nspec:\n  a: "quoted"   # keep me\n  b: 1\nother: x\n';
    assert.equal(edit(text, [{ op: 'add', path: '/spec/c', value: true }]), '# top comment\nspec:\n  a: "quoted"   # keep me\n  b: 1\n  c: true\nother: x\n');
  });

  it('creates a nested object in block style under a sequence item', () => {
    const text = 'containers:\n- name: app\n  image: app:1\n- name: b\n';
    assert.equal(
      edit(text, [{ op: 'add', path: '/containers/0/securityContext', value: { capabilities: { drop: ['ALL'] } } }]),
      'containers:\n- name: app\n  image: app:1\n  securityContext:\n    capabilities:\n      drop:\n        - ALL\n- name: b\n',
    );
  });

  it('adds to flow mappings and sequences in flow style', () => {
    assert.equal(edit('sc: {runAsUser: 1}\n', [{ op: 'add', path: '/sc/runAsNonRoot', value: true }]), 'sc: {runAsUser: 1, runAsNonRoot: true}\n');
    assert.equal(edit('drop: [NET_RAW]\n', [{ op: 'add', path: '/drop/-', value: 'ALL' }]), 'drop: [NET_RAW, ALL]\n');
  });

  it('replaces a scalar in place and removes a key with its lines', () => {
    assert.equal(edit('a:\n  privileged: true  # why\n  b: 2\n', [{ op: 'replace', path: '/a/privileged', value: false }]), 'a:\n  privileged: false  # why\n  b: 2\n');
    assert.equal(edit('a:\n  x: 1\n  y:\n    z: 2\n  w: 3\n', [{ op: 'remove', path: '/a/y' }]), 'a:\n  x: 1\n  w: 3\n');
  });

  it('removes items from flow sequences with their separating comma', () => {
    assert.equal(edit('add: ["SYS_ADMIN"]\n', [{ op: 'remove', path: '/add/0' }]), 'add: []\n');
    assert.equal(edit('add: [A, B, C]\n', [{ op: 'remove', path: '/add/1' }]), 'add: [A, C]\n');
    assert.equal(edit('add: [A, B]\n', [{ op: 'remove', path: '/add/1' }]), 'add: [A]\n');
  });

  it('appends to a block sequence at its indentation', () => {
    assert.equal(edit('caps:\n  add:\n    - NET_ADMIN\n', [{ op: 'add', path: '/caps/add/-', value: 'SYS_TIME' }]), 'caps:\n  add:\n    - NET_ADMIN\n    - SYS_TIME\n');
  });

  it('edits an item of a List through the prefix', () => {
    const text = 'kind: List\nitems:\n- kind: Pod\n  spec:\n    hostPID: true\n';
    assert.equal(edit(text, [{ op: 'replace', path: '/spec/hostPID', value: false }], ['items', 0]), 'kind: List\nitems:\n- kind: Pod\n  spec:\n    hostPID: false\n');
  });

  it('refuses what it cannot do faithfully instead of guessing', () => {
    assert.throws(() => edit('a: {}\n', [{ op: 'add', path: '/b/c', value: 1 }]), EditError);
    assert.throws(() => edit('a: 1\n', [{ op: 'move', from: '/a', path: '/b' }]), EditError);
  });
});
