import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisOptions, Check, Violation } from '../core/check.js';
import { Inventory } from '../core/inventory.js';
import { applyPatch } from '../core/json-patch.js';
import { isKubeObject, type KubeObject } from '../core/k8s/object.js';
import { workloadOf } from '../core/k8s/workload.js';
import { formatPath } from '../core/path.js';
import { loadText } from '../load/index.js';

/**
 * Table-driven tests for one check, after ESLint's RuleTester: valid cases must produce no
 * violation, invalid cases exactly the listed ones (by message id and path), and a case whose
 * violation carries a fix must state the fixed object, which must then pass.
 */
export interface CheckCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

export interface ValidCase {
  name: string;
  /** YAML of the object under test; further documents join the inventory (for cross-object checks). */
  yaml: string;
  options?: Partial<AnalysisOptions>;
}

export interface ExpectedViolation {
  messageId: string;
  /** Field path as printed in reports: `spec.containers[0].securityContext.privileged`. */
  path?: string;
  container?: string;
  severity?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedViolation[];
  /** Expected object after applying every fix of this case (YAML), for fixable violations. */
  output?: string;
}

export const TEST_OPTIONS: AnalysisOptions = {
  now: new Date('2026-01-15T12:00:00Z'),
  pssVersion: 'latest',
  kubeVersion: 'v1.34',
  settings: {},
};

function parseInventory(yaml: string): { inventory: Inventory; subject: KubeObject } {
  const loaded = loadText(yaml, 'case.yaml');
  assert.deepEqual(loaded.errors, [], 'case YAML must parse');
  const first = loaded.inventory.entries[0];
  assert.ok(first, 'case YAML must contain a Kubernetes object');
  return { inventory: loaded.inventory, subject: first.object };
}

/** Runs a check the way the engine does and returns its violations for the first object. */
export function violationsOf(check: Check, yaml: string, options: Partial<AnalysisOptions> = {}): Violation[] {
  const { inventory, subject } = parseInventory(yaml);
  return runOn(check, inventory, subject, { ...TEST_OPTIONS, ...options });
}

function runOn(check: Check, inventory: Inventory, subject: KubeObject, options: AnalysisOptions): Violation[] {
  const ctx = { options, inventory };
  switch (check.scope) {
    case 'workload': {
      const workload = workloadOf(subject);
      return workload ? check.check(workload, ctx) : [];
    }
    case 'object':
      return check.kinds.includes(subject.kind) ? check.check(subject, ctx) : [];
    case 'inventory':
      return check.check(inventory, ctx).filter((v) => v.entry === undefined || v.entry.object === subject);
  }
}

export function testCheck(check: Check, cases: CheckCases): void {
  describe(`check ${check.id}`, () => {
    const names = new Set<string>();
    for (const c of [...cases.valid, ...cases.invalid]) {
      it(`has no duplicate case name: ${c.name}`, () => {
        assert.ok(!names.has(c.name), `duplicate case "${c.name}"`);
        names.add(c.name);
      });
    }
    it('has at least one valid and one invalid case', () => {
      assert.ok(cases.valid.length > 0 && cases.invalid.length > 0);
    });
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const violations = violationsOf(check, c.yaml, c.options);
        assert.deepEqual(violations.map(summary), [], 'a valid case must not fire');
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        assert.ok(c.errors.length > 0, 'an invalid case must list the violations it expects');
        const { inventory, subject } = parseInventory(c.yaml);
        const options = { ...TEST_OPTIONS, ...c.options };
        const violations = runOn(check, inventory, subject, options);
        const actual = violations.map((v, i) => {
          const expected = c.errors[i];
          const s: ExpectedViolation = { messageId: v.messageId };
          if (expected?.path !== undefined) s.path = v.path ? formatPath(v.path) : '';
          if (expected?.container !== undefined && v.container !== undefined) s.container = v.container;
          if (expected?.severity !== undefined) s.severity = v.severity ?? check.severity;
          return s;
        });
        assert.deepEqual(actual, c.errors);
        for (const v of violations) {
          assert.ok((check.messages as Record<string, string>)[v.messageId] !== undefined, `message id ${v.messageId} has no template`);
        }
        const fixes = violations.flatMap((v) => v.fix ?? []);
        if (fixes.length > 0) {
          assert.ok(c.output !== undefined, 'a case with a fix must state the fixed object (output)');
          const fixed = applyPatch(structuredClone(subject), fixes);
          assert.ok(isKubeObject(fixed));
          const expected = parseInventory(c.output).subject;
          assert.deepEqual(fixed, expected, 'fixed object differs from the expected output');
          const again = runOn(check, Inventory.of([fixed]), fixed, options).filter((v) => v.fix);
          assert.deepEqual(again.map(summary), [], 'the fixed object must pass');
        } else {
          assert.equal(c.output, undefined, 'output given for a case without fixes');
        }
      });
    }
  });
}

function summary(v: Violation): string {
  return `${v.messageId} at ${v.path ? formatPath(v.path) : '(object)'}`;
}
