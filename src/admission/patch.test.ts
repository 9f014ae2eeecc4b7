import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPatch } from '../core/json-patch.js';
import { setFieldPatch } from '../core/json-patch.js';
import { applyFixMerging, diffPatch } from './patch.js';

/** Small deterministic generator (mulberry32) so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function value(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.3) return [null, true, 0, 'a', 'b/c', 'x~y', 42][Math.floor(rand() * 7)];
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => value(rand, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 4); i > 0; i--) out[['a', 'b', 'c/d', 'e~f', ''][Math.floor(rand() * 5)]!] = value(rand, depth + 1);
  return out;
}

/** A random edit of a document: what a mutation does (change, add, drop fields and items). */
function edit(doc: unknown, rand: () => number, depth = 0): unknown {
  if (rand() < 0.15) return value(rand, depth);
  if (Array.isArray(doc)) {
    const out = doc.map((item) => edit(item, rand, depth + 1));
    if (rand() < 0.3) out.push(value(rand, depth + 1));
    if (rand() < 0.2) out.pop();
    return out;
  }
  if (doc !== null && typeof doc === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc)) if (rand() > 0.15) out[k] = edit(v, rand, depth + 1);
    if (rand() < 0.3) out[`n${Math.floor(rand() * 3)}`] = value(rand, depth + 1);
    return out;
  }
  return doc;
}

describe('diffPatch', () => {
  it('turns before into after for 2,000 random edits (RFC 6902 applied by the core)', () => {
    const rand = random(7);
    for (let i = 0; i < 2000; i++) {
      const before = { root: value(rand, 0) };
      const after = edit(before, rand) as Record<string, unknown>;
      if (after === null || typeof after !== 'object' || Array.isArray(after)) continue;
      const patch = diffPatch(before, after);
      assert.deepEqual(applyPatch(structuredClone(before), patch), after, JSON.stringify({ before, after, patch }));
      assert.deepEqual(diffPatch(after, structuredClone(after)), [], 'equal documents give no patch');
    }
  });

  it('appends with "-" and escapes keys', () => {
    assert.deepEqual(diffPatch({ a: [1], 'b/c': 1 }, { a: [1, 2], 'b/c': 2 }), [
      { op: 'add', path: '/a/-', value: 2 },
      { op: 'replace', path: '/b~1c', value: 2 },
    ]);
  });
});

describe('applyFixMerging', () => {
  it('two fixes that each add a whole securityContext both survive', () => {
    const pod = { spec: { containers: [{ name: 'a' }] } };
    const first = setFieldPatch(pod, ['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'], false);
    const second = setFieldPatch(pod, ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], ['ALL']);
    assert.ok(applyFixMerging(pod, first));
    assert.ok(applyFixMerging(pod, second));
    assert.deepEqual(pod.spec.containers[0], { name: 'a', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } });
  });

  it('a fix that does not apply leaves the document untouched', () => {
    const doc = { a: 1 };
    assert.equal(applyFixMerging(doc, [{ op: 'add', path: '/b', value: 2 }, { op: 'replace', path: '/missing/x', value: 1 }]), false);
    assert.deepEqual(doc, { a: 1 });
  });
});
