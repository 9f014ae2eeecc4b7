import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { emptyConfig } from '../../src/core/config.js';
import { analyze } from '../../src/core/engine.js';
import { fixText } from '../../src/fix/index.js';
import { loadText } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';
import { catalogueChecks, describeFindings, OPTIONS } from './scan.js';

/**
 * The same fixes through `stockade fix`'s text editor: on real files every fix of these checks
 * is applied (none skipped as an unsupported edit), the file still loads, and a re-scan finds
 * nothing fixable left.
 */
const FILES: string[][] = [
  ['kubernetes-goat', 'scenarios', 'docker-bench-security', 'deployment.yaml'],
  ['kubernetes-goat', 'scenarios', 'system-monitor', 'deployment.yaml'],
  ['kubernetes-goat', 'scenarios', 'health-check', 'deployment.yaml'],
  ['kubernetes-goat', 'scenarios', 'hunger-check', 'deployment.yaml'],
  ['microservices-demo', 'release', 'kubernetes-manifests.yaml'],
  ['badpods', 'manifests', 'everything-allowed', 'cronjob', 'everything-allowed-exec-cronjob.yaml'],
];

describe('catalogue fixes through stockade fix', () => {
  const checks = catalogueChecks('all');
  for (const parts of FILES) {
    it(parts.slice(1).join('/'), () => {
      const result = fixText(readFileSync(corpusPath(...parts)), { checks, config: emptyConfig(), options: OPTIONS, unsafe: true });
      assert.deepEqual(result.skipped, []);
      assert.ok(result.applied.length > 0, 'the file has fixable findings');
      const loaded = loadText(result.updated, parts[parts.length - 1]);
      assert.deepEqual(loaded.errors, []);
      const left = analyze(loaded.inventory, checks.filter((c) => c.scope !== 'inventory'), OPTIONS, emptyConfig()).findings.filter((f) => f.fix);
      assert.deepEqual(describeFindings(left), []);
    });
  }
});
