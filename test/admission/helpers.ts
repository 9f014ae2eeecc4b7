import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCheck, type Check } from '../../src/core/check.js';
import { AdmissionController, type Environment } from '../../src/admission/decide.js';
import { loadControllerInput } from '../../src/admission/load.js';
import { parseReview } from '../../src/admission/review.js';
import type { KubeObject } from '../../src/core/k8s/object.js';

export const NOW = new Date('2026-03-01T12:00:00Z');

export interface TestEnvironment extends Environment {
  logged: Record<string, unknown>[];
}

export function testEnvironment(extra: Partial<Environment> = {}): TestEnvironment {
  const logged: Record<string, unknown>[] = [];
  return { now: () => NOW, auditLog: (entry) => logged.push(entry), logged, ...extra };
}

/** Writes a `.stockade.yaml` to a fresh directory and returns its path. */
export function configFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stockade-admission-'));
  const file = join(dir, '.stockade.yaml');
  writeFileSync(file, yaml);
  return file;
}

export function controller(yaml: string | undefined, env: Environment = testEnvironment(), options: { onlyNewViolations?: boolean; catalogue?: readonly Check[] } = {}): AdmissionController {
  const input = loadControllerInput({ ...(yaml !== undefined ? { configFile: configFile(yaml) } : {}), kubeVersion: 'v1.34', ...options });
  return new AdmissionController(input, env);
}

export async function decide(c: AdmissionController, endpoint: 'validate' | 'mutate', body: Record<string, unknown>) {
  return c.review(endpoint, parseReview(JSON.parse(JSON.stringify(body))));
}

export function decodePatch(patch: string | undefined): unknown[] {
  return patch === undefined ? [] : (JSON.parse(Buffer.from(patch, 'base64').toString('utf8')) as unknown[]);
}

export function clone<T extends KubeObject>(o: T): T {
  return structuredClone(o);
}

/** A check with a bug: it throws `error` for workloads labelled `magic: yes`, to prove the webhook survives. */
export function throwingCheck(error: Error): Check {
  return defineCheck({
    id: 'explodes-on-magic',
    code: 'SKD-999',
    title: 'Explodes',
    description: 'A check with a bug, to prove the webhook survives one.',
    severity: 'low',
    category: 'workload',
    frameworks: {},
    docs: { rationale: 'Test of error handling.', remediation: 'None.' },
    messages: { never: 'never' },
    scope: 'workload',
    check(workload) {
      if (workload.podMeta.labels?.magic === 'yes') throw error;
      return [];
    },
  }) as Check;
}
