/**
 * Fuzz-style robustness of the PSS checks: real pods (the upstream fixtures and badPods) with
 * fields replaced by values of the wrong type or shape, judged at random policy versions. No
 * check may throw, every violation must name a message the check defines and a path, and every
 * fix must apply to the object it was computed for (or be refused by the patcher as a patch
 * that does not fit, never crash it), and the object itself is left untouched (checks are pure).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { LATEST_PSS_MINOR } from '../../src/checks/pod-security/pss.js';
import type { CheckContext } from '../../src/core/check.js';
import { Inventory } from '../../src/core/inventory.js';
import { applyPatch, PatchError } from '../../src/core/json-patch.js';
import { isKubeObject, type KubeObject } from '../../src/core/k8s/object.js';
import { workloadOf } from '../../src/core/k8s/workload.js';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';

const ROUNDS = 3000;
const WEIRD: unknown[] = [null, 0, 1, -1, 65536, '', 'x', 'ALL', 'Unmasked', 'Unconfined', 'windows', true, false, [], {}, [1, 'a', null], { a: 1 }, [{}], [{ name: 7 }]];

/** Deterministic pseudo-random numbers, so that a failure reproduces. */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
}

/** Every path to a value inside the object (objects and arrays included). */
function pathsOf(node: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (node === null || typeof node !== 'object') return out;
  const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
  for (const [key, value] of entries) {
    const path = [...prefix, key];
    out.push(path);
    pathsOf(value, path, out);
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

describe('PSS checks on malformed pods', async () => {
  const pssChecks = ALL_CHECKS.filter((c) => c.frameworks.pss);
  const sources = await loadPaths([
    join(corpusPath('k8s-pod-security-admission'), 'restricted', 'v1.37'),
    join(corpusPath('k8s-pod-security-admission'), 'baseline', 'v1.37'),
    corpusPath('badpods', 'manifests', 'everything-allowed'),
  ]);
  const seeds = sources.inventory.entries.map((e) => e.object).filter((o) => workloadOf(o));

  it(`survive ${ROUNDS} mutated pods without throwing or modifying them, with fixes that fit`, () => {
    assert.ok(seeds.length > 100);
    const random = generator(20260115);
    const failures: string[] = [];
    let judged = 0;
    let fixes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const object = structuredClone(seeds[random(seeds.length)]!);
      for (let k = 1 + random(3); k > 0; k--) {
        const paths = pathsOf(object).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind');
        if (paths.length > 0) setAt(object, paths[random(paths.length)]!, structuredClone(WEIRD[random(WEIRD.length)]));
      }
      if (!isKubeObject(object)) continue;
      const workload = workloadOf(object);
      if (!workload) continue;
      judged++;
      const before = JSON.stringify(object);
      const version = random(4) === 0 ? 'latest' : `v1.${random(LATEST_PSS_MINOR + 3)}`;
      const ctx: CheckContext = { options: { now: new Date(0), pssVersion: version, kubeVersion: 'v1.34', settings: {} }, inventory: Inventory.of([object]) };
      for (const check of pssChecks) {
        if (check.scope !== 'workload') continue;
        const where = `round ${round}, ${check.id} at ${version}`;
        try {
          for (const violation of check.check(workload, ctx)) {
            if (!(violation.messageId in check.messages)) failures.push(`${where}: unknown message ${violation.messageId}`);
            if (!violation.path) failures.push(`${where}: violation without a path`);
            if (violation.fix) {
              fixes++;
              try {
                applyPatch(structuredClone(object) as KubeObject, violation.fix);
              } catch (error) {
                if (!(error instanceof PatchError)) throw error;
              }
            }
          }
        } catch (error) {
          failures.push(`${where}: threw ${(error as Error).stack?.split('\n').slice(0, 3).join(' ')}`);
        }
      }
      if (JSON.stringify(object) !== before) failures.push(`round ${round}: a check modified the object`);
    }
    assert.deepEqual(failures.slice(0, 10), []);
    assert.ok(judged > ROUNDS / 2 && fixes > ROUNDS, `exercised: ${judged} pods judged, ${fixes} fixes applied`);
  });
});
