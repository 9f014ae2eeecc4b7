import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineCheck, type Check } from './check.js';
import { emptyConfig } from './config.js';
import { analyze } from './engine.js';
import { Inventory } from './inventory.js';

const base = {
  code: 'SKD-T01',
  title: 'Test',
  description: 'Test check.',
  severity: 'low' as const,
  category: 'hygiene' as const,
  frameworks: {},
  docs: { rationale: 'Test.', remediation: 'Test.' },
  messages: { found: 'found {{name}}' },
};
const objectCheck = (id: string, kind: string): Check =>
  defineCheck({ ...base, id, scope: 'object', kinds: [kind], check: (object) => [{ messageId: 'found', data: { name: String(object.metadata?.name) } }] });

const inventory = Inventory.of([
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
]);
const options = { now: new Date('2026-01-01T00:00:00Z'), pssVersion: 'latest', kubeVersion: 'v1.34', settings: {} };
const run = (checks: readonly Check[]) => analyze(inventory, checks, options, emptyConfig()).findings.map((f) => `${f.check}:${f.message}`);

describe('analyze', () => {
  it('answers the same for a frozen list on every call, and follows a list that changed between calls', () => {
    const frozen = Object.freeze([objectCheck('on-config-maps', 'ConfigMap')]);
    assert.deepEqual(run(frozen), ['on-config-maps:found c']);
    assert.deepEqual(run(frozen), ['on-config-maps:found c']);

    const mutable: Check[] = [objectCheck('on-config-maps', 'ConfigMap')];
    assert.deepEqual(run(mutable), ['on-config-maps:found c']);
    mutable.push(objectCheck('on-services', 'Service'));
    assert.deepEqual(run(mutable).sort(), ['on-config-maps:found c', 'on-services:found s']);
  });
});
