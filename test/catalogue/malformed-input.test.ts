import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Check } from '../../src/core/check.js';
import { Inventory } from '../../src/core/inventory.js';
import { isKubeObject, type KubeObject } from '../../src/core/k8s/object.js';
import { workloadOf } from '../../src/core/k8s/workload.js';
import { loadPaths } from '../../src/load/index.js';
import { parseImageReference } from '../../src/checks/supply-chain/image-reference.js';
import { findCredentials } from '../../src/checks/hygiene/credentials.js';
import { parseQuantity } from '../../src/checks/workload/quantity.js';
import { corpusPath } from '../corpus.js';
import { catalogueChecks, OPTIONS } from './scan.js';

/**
 * Manifests arrive in every shape: fields of the wrong type, nulls, strings where lists
 * belong. Checks run on thousands of deterministic mutations of real objects and must never
 * throw (a throw would turn one odd document into a failed check for the whole scan).
 */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1e309, '', 'x', true, [], {}, [null], [1, 'a'], { a: null }, '../../..', '*', 'Bidirectional', 'Memory'];

function paths(node: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (node === null || typeof node !== 'object') return out;
  for (const [key, value] of Object.entries(node)) {
    const segment = Array.isArray(node) ? Number(key) : key;
    out.push([...prefix, segment]);
    paths(value, [...prefix, segment], out);
  }
  return out;
}

function mutate(object: KubeObject, random: () => number): KubeObject {
  const copy = structuredClone(object);
  const all = paths(copy).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind');
  for (let n = 0; n < 3 && all.length > 0; n++) {
    const path = all[Math.floor(random() * all.length)]!;
    let parent: any = copy;
    for (const segment of path.slice(0, -1)) parent = parent?.[segment];
    if (parent !== null && typeof parent === 'object') parent[path[path.length - 1]!] = structuredClone(ODD_VALUES[Math.floor(random() * ODD_VALUES.length)]);
  }
  return copy;
}

function runAll(checks: readonly Check[], inventory: Inventory): void {
  const ctx = { inventory, options: OPTIONS };
  for (const entry of inventory.entries) {
    const workload = workloadOf(entry.object);
    for (const check of checks) {
      if (check.scope === 'workload' && workload) check.check(workload, ctx);
      if (check.scope === 'object' && check.kinds.includes(entry.object.kind)) check.check(entry.object, ctx);
    }
  }
  for (const check of checks) if (check.scope === 'inventory') check.check(inventory, ctx);
}

describe('checks on malformed objects', () => {
  it('never throw on 3,000 mutations of real manifests', async () => {
    const { inventory } = await loadPaths([corpusPath('kubernetes-goat', 'scenarios'), corpusPath('microservices-demo', 'release')]);
    const originals = inventory.entries.map((e) => e.object);
    const checks = catalogueChecks('all');
    const random = prng(20260115);
    for (let round = 0; round < 3000 / originals.length; round++) {
      const mutated = originals.map((o) => mutate(o, random)).filter(isKubeObject);
      try {
        runAll(checks, Inventory.of(mutated));
      } catch (error) {
        assert.fail(`round ${round}: ${(error as Error).stack}`);
      }
    }
  });
});

describe('parsers on arbitrary text', () => {
  const random = prng(7);
  const alphabet = 'aZ09:/@._-+=*$ {}\n"\'-----BEGIN PRIVATE KEY-----AKIAghp_eyJ.';
  const samples = Array.from({ length: 2000 }, () => Array.from({ length: Math.floor(random() * 120) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));

  it('image references parse or are rejected, never throw', () => {
    for (const s of [...samples, `${'a-'.repeat(50_000)}!`, `${'a__'.repeat(30_000)}_`, `r.io/${'a/'.repeat(30_000)}:`, `x:${'9'.repeat(100_000)}`]) {
      const ref = parseImageReference(s);
      if (ref) assert.ok(ref.registry !== '' && ref.repository !== '');
    }
  });
  it('credential recognisers stay fast on long adversarial input', () => {
    // Each of these made an earlier version of the patterns backtrack quadratically (minutes).
    const adversarial = [
      'a'.repeat(100_000),
      '-a'.repeat(50_000),
      '-a_b'.repeat(30_000),
      'password='.repeat(10_000),
      '-----BEGIN '.repeat(10_000),
      '-----BEGIN A'.repeat(10_000),
      'eyJaaaaaaaaaa.'.repeat(10_000),
      'http://a:'.repeat(20_000),
      'aws_secret_key='.repeat(10_000),
      `"type": "service_account"${' '.repeat(50_000)}`.repeat(3),
    ];
    for (const s of [...samples, ...adversarial]) findCredentials(s);
  });
  it('quantities parse or are undefined', () => {
    for (const s of samples) {
      const q = parseQuantity(s);
      assert.ok(q === undefined || typeof q === 'number');
    }
  });
});
