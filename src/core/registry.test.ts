import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineCheck, type Check } from './check.js';
import { parseConfig } from './config.js';
import { registryProblems, selectChecks } from './registry.js';

function check(id: string, code: string, extra: Partial<Check> = {}): Check {
  return defineCheck({
    id,
    code,
    title: 'T',
    description: 'D',
    severity: 'high',
    category: 'workload',
    frameworks: {},
    docs: { rationale: 'R', remediation: 'F' },
    messages: { m: 'x' },
    scope: 'workload',
    check: () => [],
    ...extra,
  } as Check);
}

const baseline = check('base-a', 'SKD-001', { frameworks: { pss: { level: 'baseline', control: 'A' } } });
const restricted = check('restr-b', 'SKD-002', { frameworks: { pss: { level: 'restricted', control: 'B' } } });
const optIn = check('opt-in', 'SKD-003', { defaultEnabled: false });
const all = [baseline, restricted, optIn];

describe('check registry', () => {
  it('finds duplicate ids and codes and incomplete metadata', () => {
    const problems = registryProblems([baseline, check('base-a', 'SKD-001'), check('Bad_Id', 'X1', { title: '' })]);
    assert.deepEqual(problems, [
      'check base-a: duplicate id',
      'check base-a: code SKD-001 already used by base-a',
      'check Bad_Id: id must be kebab-case',
      'check Bad_Id: code "X1" must look like SKD-123',
      'check Bad_Id: missing title',
    ]);
  });

  it('selects policies: default, all, pss-baseline, pss-restricted', () => {
    const ids = (policy: string) => selectChecks(all, { policy }).checks.map((c) => c.id);
    assert.deepEqual(ids('default'), ['base-a', 'restr-b']);
    assert.deepEqual(ids('all'), ['base-a', 'restr-b', 'opt-in']);
    assert.deepEqual(ids('pss-baseline'), ['base-a']);
    assert.deepEqual(ids('pss-restricted'), ['base-a', 'restr-b']);
    assert.deepEqual(selectChecks(all, { policy: 'nope' }).problems, ['unknown policy "nope" (expected one of default, all, pss-baseline, pss-restricted)']);
  });

  it('narrows with --check and --skip-check, widens with enable, and rejects unknown ids', () => {
    assert.deepEqual(selectChecks(all, { only: ['opt-in'] }).checks.map((c) => c.id), ['opt-in']);
    assert.deepEqual(selectChecks(all, { skip: ['base-a'], enable: ['opt-in'] }).checks.map((c) => c.id), ['restr-b', 'opt-in']);
    assert.deepEqual(selectChecks(all, { only: ['typo'] }).problems, ['unknown check "typo" (see `stockade checks`)']);
  });

  it('validates the configuration file against the registry', () => {
    const { config, problems } = parseConfig(
      { policy: 'all', failOn: 'urgent', checks: { disable: ['base-a'], severity: { 'restr-b': 'low' }, enabel: [] }, images: { allowedRegistries: ['r.io'] } },
      all,
    );
    assert.deepEqual(problems, ['failOn: expected one of critical, high, medium, low, info', 'checks.enabel: unknown key (expected enable, disable, severity)']);
    assert.equal(config.policy, 'all');
    assert.deepEqual(config.checks.disable, ['base-a']);
    assert.deepEqual(config.checks.severity, { 'restr-b': 'low' });
    assert.deepEqual(config.settings, { images: { allowedRegistries: ['r.io'] } });
  });
});
