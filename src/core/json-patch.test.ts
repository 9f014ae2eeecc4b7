import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch, PatchError, setFieldPatch } from './json-patch.js';

describe('JSON Patch (RFC 6902, appendix A examples)', () => {
  it('A.1 adds an object member', () => {
    assert.deepEqual(applyPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }]), { foo: 'bar', baz: 'qux' });
  });
  it('A.2 adds an array element', () => {
    assert.deepEqual(applyPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }]), { foo: ['bar', 'qux', 'baz'] });
  });
  it('A.3 / A.4 remove members and elements', () => {
    assert.deepEqual(applyPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }]), { foo: 'bar' });
    assert.deepEqual(applyPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }]), { foo: ['bar', 'baz'] });
  });
  it('A.5 replaces a value; A.6 / A.7 move', () => {
    assert.deepEqual(applyPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }]), { baz: 'boo', foo: 'bar' });
    assert.deepEqual(applyPatch({ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]), {
      foo: { bar: 'baz' },
      qux: { corge: 'grault', thud: 'fred' },
    });
    assert.deepEqual(applyPatch({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }]), { foo: ['all', 'cows', 'eat', 'grass'] });
  });
  it('A.8 / A.9 test succeeds and fails', () => {
    assert.doesNotThrow(() => applyPatch({ baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }]));
    assert.throws(() => applyPatch({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]), PatchError);
  });
  it('A.12 adding to a nonexistent target fails; A.16 appends with "-"; escaping ~0 ~1', () => {
    assert.throws(() => applyPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]), PatchError);
    assert.deepEqual(applyPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }]), { foo: ['bar', ['abc', 'def']] });
    assert.deepEqual(applyPatch({ 'a/b': { 'm~n': 1 } }, [{ op: 'replace', path: '/a~1b/m~0n', value: 2 }]), { 'a/b': { 'm~n': 2 } });
  });
});

describe('setFieldPatch', () => {
  it('creates missing parents in one operation and replaces existing values', () => {
    const pod = { spec: { containers: [{ name: 'a' }] } };
    assert.deepEqual(setFieldPatch(pod, ['spec', 'containers', 0, 'securityContext', 'privileged'], false), [
      { op: 'add', path: '/spec/containers/0/securityContext', value: { privileged: false } },
    ]);
    const withContext = { spec: { containers: [{ name: 'a', securityContext: { privileged: true } }] } };
    const ops = setFieldPatch(withContext, ['spec', 'containers', 0, 'securityContext', 'privileged'], false);
    assert.deepEqual(ops, [{ op: 'replace', path: '/spec/containers/0/securityContext/privileged', value: false }]);
    assert.deepEqual(applyPatch(withContext, ops), { spec: { containers: [{ name: 'a', securityContext: { privileged: false } }] } });
  });
  it('escapes "~" and "/" in keys (annotation keys) and leaves other segments as they are', () => {
    const pod = { metadata: { annotations: { 'a/b': 'x' } } };
    assert.deepEqual(setFieldPatch(pod, ['metadata', 'annotations', 'a/b'], 'y'), [{ op: 'replace', path: '/metadata/annotations/a~1b', value: 'y' }]);
    assert.deepEqual(setFieldPatch(pod, ['metadata', 'annotations', 'm~n/o'], 'y'), [{ op: 'add', path: '/metadata/annotations/m~0n~1o', value: 'y' }]);
    assert.deepEqual(setFieldPatch({ items: [] }, ['items', 0, 'x/y'], 1), [{ op: 'add', path: '/items/0', value: { 'x/y': 1 } }]);
  });
});
