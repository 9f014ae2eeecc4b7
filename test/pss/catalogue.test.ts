/**
 * Invariants of the Pod Security Standards part of the catalogue, as Pod Security Admission's
 * registry checks its own at start-up: one check per control and level, codes in the PSS
 * range and unique, and `latest` meaning the newest version any control defines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { LATEST_PSS_MINOR, type PssCheckFunction } from '../../src/checks/pod-security/pss.js';
import { registryProblems } from '../../src/core/registry.js';

const pssChecks = ALL_CHECKS.filter((c) => c.category === 'pod-security');

describe('Pod Security Standards checks', () => {
  it('covers the 19 Pod Security Admission checks: 12 baseline, 7 restricted', () => {
    assert.equal(pssChecks.length, 19);
    assert.equal(pssChecks.filter((c) => c.frameworks.pss?.level === 'baseline').length, 12);
    assert.equal(pssChecks.filter((c) => c.frameworks.pss?.level === 'restricted').length, 7);
  });

  it('has complete metadata and unique codes SKD-101 … SKD-130', () => {
    assert.deepEqual(registryProblems(pssChecks), []);
    for (const check of pssChecks) {
      const number = Number(check.code.slice(4));
      assert.ok(number >= 101 && number <= 130, `${check.id}: code ${check.code} outside SKD-101 … SKD-130`);
      assert.equal(check.scope, 'workload', `${check.id} judges pods`);
    }
  });

  it('gives every check a versioned implementation table, the newest of which is latest', () => {
    const versions = pssChecks.flatMap((check) => {
      assert.equal(check.scope, 'workload');
      const since = (check.check as PssCheckFunction<string>).since;
      assert.ok(Array.isArray(since) && since.length > 0, `${check.id} declares its versions`);
      return since.map((v) => Number(v.slice(3)));
    });
    assert.equal(Math.max(...versions), LATEST_PSS_MINOR);
  });

  it('only pod-security checks claim a Pod Security Standards control', () => {
    assert.deepEqual(ALL_CHECKS.filter((c) => c.frameworks.pss && c.category !== 'pod-security').map((c) => c.id), []);
  });
});
