import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckContext } from '../../core/check.js';
import { Inventory } from '../../core/inventory.js';
import { workloadOf } from '../../core/k8s/workload.js';
import { TEST_OPTIONS } from '../check-tester.js';
import { joinQuote, LATEST_PSS_MINOR, pssControl, resolvePssMinor, type PssEvaluator } from './pss.js';

describe('Pod Security Standards versions', () => {
  it('resolves latest and newer versions to the newest policy, as Pod Security Admission clamps them', () => {
    assert.equal(resolvePssMinor('latest'), LATEST_PSS_MINOR);
    assert.equal(resolvePssMinor('v1.25'), 25);
    assert.equal(resolvePssMinor('v1.0'), 0);
    assert.equal(resolvePssMinor('v1.99'), LATEST_PSS_MINOR);
  });

  it('rejects versions that are not latest or v1.N', () => {
    for (const bad of ['1.25', 'v2.0', 'v1.', 'v1.025', 'LATEST', '']) assert.throws(() => resolvePssMinor(bad), /invalid Pod Security Standards version/);
  });
});

describe('pssControl', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'a:1' }] } };
  const workload = workloadOf(pod)!;
  const ctx = (pssVersion: string): CheckContext => ({ options: { ...TEST_OPTIONS, pssVersion }, inventory: Inventory.of([pod]) });
  const saying = (detail: string): PssEvaluator<'m'> => () => ({ detail, findings: [{ messageId: 'm', path: ['spec'] }] });

  it('picks the newest implementation at or below the version, none before the first', () => {
    const check = pssControl([
      { since: 'v1.8', evaluate: saying('v1.8 rules') },
      { since: 'v1.25', evaluate: saying('v1.25 rules') },
    ]);
    assert.deepEqual(check(workload, ctx('v1.7')), []);
    assert.equal(check(workload, ctx('v1.8'))[0]!.data!.detail, 'v1.8 rules');
    assert.equal(check(workload, ctx('v1.24'))[0]!.data!.detail, 'v1.8 rules');
    assert.equal(check(workload, ctx('v1.25'))[0]!.data!.detail, 'v1.25 rules');
    assert.equal(check(workload, ctx('latest'))[0]!.data!.detail, 'v1.25 rules');
    assert.deepEqual(check.since, ['v1.8', 'v1.25']);
  });

  it('refuses a version table that is empty, out of order or beyond the newest policy', () => {
    assert.throws(() => pssControl([]), /at least one/);
    assert.throws(() => pssControl([{ since: 'v1.19', evaluate: saying('') }, { since: 'v1.0', evaluate: saying('') }]), /ascend/);
    assert.throws(() => pssControl([{ since: 'v1.19', evaluate: saying('') }, { since: 'v1.19', evaluate: saying('') }]), /ascend/);
    assert.throws(() => pssControl([{ since: `v1.${LATEST_PSS_MINOR + 1}`, evaluate: saying('') }]), /newer than/);
  });

  it('marks fixes safe unless the control says otherwise', () => {
    const check = pssControl<'m'>([
      { since: 'v1.0', evaluate: () => ({ detail: 'd', findings: [{ messageId: 'm', path: ['spec'], fix: [{ op: 'remove', path: '/spec/x' }] }] }) },
    ]);
    assert.equal(check(workload, ctx('latest'))[0]!.fixSafety, 'safe');
  });

  it('quotes lists the way Kubernetes does', () => {
    assert.equal(joinQuote(['a', 'b "c"']), '"a", "b \\"c\\""');
  });
});
