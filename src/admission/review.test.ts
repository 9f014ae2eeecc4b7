import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseReview, ReviewError } from './review.js';

const valid = {
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: 'u1',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'shop',
    operation: 'CREATE',
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } },
    dryRun: true,
  },
};

describe('parseReview', () => {
  it('reads a v1 and a v1beta1 review', () => {
    const review = parseReview(valid);
    assert.equal(review.request.uid, 'u1');
    assert.equal(review.request.dryRun, true);
    assert.equal(review.request.namespace, 'shop');
    assert.equal(parseReview({ ...valid, apiVersion: 'admission.k8s.io/v1beta1' }).apiVersion, 'admission.k8s.io/v1beta1');
  });

  it('fills apiVersion and kind of CONNECT options from request.kind', () => {
    const review = parseReview({
      ...valid,
      request: { ...valid.request, operation: 'CONNECT', subResource: 'exec', kind: { group: '', version: 'v1', kind: 'PodExecOptions' }, object: { command: ['sh'] } },
    });
    assert.equal(review.request.object?.kind, 'PodExecOptions');
    assert.equal(review.request.object?.apiVersion, 'v1');
  });

  const broken: [string, unknown, RegExp][] = [
    ['null', null, /body is not a JSON object/],
    ['missing uid', { ...valid, request: { ...valid.request, uid: '' } }, /request\.uid is missing/],
    ['unknown operation', { ...valid, request: { ...valid.request, operation: 'PATCH' } }, /request\.operation must be one of/],
    ['no object on UPDATE', { ...valid, request: { ...valid.request, operation: 'UPDATE', object: null } }, /request\.object is missing for UPDATE/],
    ['object is a string', { ...valid, request: { ...valid.request, object: 'pod' } }, /request\.object is not an object/],
    ['kind without version', { ...valid, request: { ...valid.request, kind: { kind: 'Pod' } } }, /request\.kind must be/],
  ];
  for (const [name, body, reason] of broken) {
    it(`refuses ${name}`, () => assert.throws(() => parseReview(body), (e: unknown) => e instanceof ReviewError && reason.test(e.message)));
  }

  it('never throws anything but ReviewError on mangled reviews', () => {
    // Replace each field, at every depth, with values of the wrong type.
    const junk = [null, 0, '', 'x', [], {}, true, -1, { a: 1 }, [1, 2]];
    const paths: string[][] = [];
    const walk = (node: unknown, path: string[]) => {
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        paths.push([...path, k]);
        walk(v, [...path, k]);
      }
    };
    walk(valid, []);
    let refused = 0;
    for (const path of paths) {
      for (const bad of junk) {
        const body = structuredClone(valid) as Record<string, any>;
        let node = body;
        for (const key of path.slice(0, -1)) node = node[key];
        node[path.at(-1)!] = bad;
        try {
          parseReview(body);
        } catch (error) {
          assert.ok(error instanceof ReviewError, `${path.join('.')}=${JSON.stringify(bad)}: ${String(error)}`);
          refused++;
        }
      }
    }
    assert.ok(refused > paths.length, 'most mangled reviews are refused');
  });
});
