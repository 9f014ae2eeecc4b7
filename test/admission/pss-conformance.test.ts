/**
 * The webhook against Kubernetes' own Pod Security Admission fixtures: every pod of every
 * policy version, sent as an AdmissionReview to a webhook configured with `policy: pss-<level>`
 * and that `pssVersion`, must be denied exactly when Pod Security Admission denies it, and the
 * denial must carry the reason Kubernetes asserts for that fixture.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadPaths } from '../../src/load/index.js';
import { corpusPath } from '../corpus.js';
import { admissionReview } from './fixtures.js';
import { controller, decide } from './helpers.js';

interface Row {
  level: string;
  version: string;
  expected: 'pass' | 'fail';
  path: string;
  substring: string;
}

const root = corpusPath('k8s-pod-security-admission');
const rows: Row[] = readFileSync(join(root, 'INDEX.tsv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [level, version, expected, path, , substring] = l.split('\t');
    return { level: level!, version: version!, expected: expected as 'pass' | 'fail', path: path!, substring: substring ?? '' };
  });

describe('webhook verdicts = Pod Security Admission verdicts (kubernetes fixtures)', () => {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.level} ${row.version}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }

  it(`covers ${rows.length} fixtures in ${groups.size} (level, version) pairs`, () => {
    assert.ok(rows.length > 4000);
    assert.ok(rows.some((r) => r.expected === 'fail') && rows.some((r) => r.expected === 'pass'));
  });

  for (const [key, group] of groups) {
    it(key, async () => {
      const [level, version] = key.split(' ');
      const c = controller(`policy: pss-${level}\npssVersion: ${version}\nfailOn: info\n`);
      const loaded = await loadPaths(group.map((r) => join(root, r.path)));
      assert.deepEqual(loaded.errors, []);
      const wrong: string[] = [];
      for (const row of group) {
        const entry = loaded.inventory.entries.find((e) => e.origin.file === join(root, row.path));
        assert.ok(entry, row.path);
        const pod = { ...entry.object, metadata: { ...(entry.object.metadata ?? {}), namespace: 'tenant' } };
        const { response } = await decide(c, 'validate', admissionReview(pod));
        const denied = !response.allowed;
        if (denied !== (row.expected === 'fail')) wrong.push(`${row.path}: expected ${row.expected}, webhook ${denied ? 'denied' : 'allowed'} ${response.status?.message ?? ''}`);
        else if (denied && row.substring !== '' && !response.status!.message.includes(row.substring)) wrong.push(`${row.path}: denial lacks "${row.substring}": ${response.status!.message}`);
      }
      assert.deepEqual(wrong, []);
    });
  }
});
