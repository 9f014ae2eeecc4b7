import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { load } from 'js-yaml';
import { atOrAbove, severityRank, SEVERITIES, type Finding, type Severity } from '../../src/core/finding.js';
import { Inventory } from '../../src/core/inventory.js';
import type { KubeObject } from '../../src/core/k8s/object.js';
import { corpusPath } from '../corpus.js';
import { loadInventory, rbacFindings } from './helpers.js';

interface Template {
  metadata: { name: string; priority: 'CRITICAL' | 'HIGH' | 'LOW' };
  rules: unknown[];
}

function highest(findings: Finding[]): Severity | undefined {
  return findings.map((f) => f.severity).sort((a, b) => severityRank(a) - severityRank(b))[0];
}

/**
 * Six templates of the upstream file are indented one level too deep: a YAML parser that lets
 * later duplicate keys win (PyYAML, as KubiScan uses) folds them into the `*` on jobs template,
 * which is how PROVENANCE counts 41. Each `- kind: Role` block is read on its own here, so all
 * 47 written templates are tested.
 */
function readTemplates(text: string): Template[] {
  const blocks: string[][] = [];
  for (const line of text.split('\n')) {
    if (/^\s*- kind: Role\s*$/.test(line)) blocks.push(['  kind: Role']);
    else blocks[blocks.length - 1]?.push(line);
  }
  return blocks.map((lines) => load(lines.join('\n')) as Template);
}

/**
 * KubiScan's risky-role templates: a role that covers a template's rules is risky at the
 * template's priority. Each template, made a ClusterRole bound cluster-wide to a service
 * account, must be reported at high or critical when KubiScan calls it CRITICAL or HIGH.
 */
describe('KubiScan risky-role templates', () => {
  const text = readFileSync(corpusPath('rbac', 'kubiscan', 'risky_roles.yaml'), 'utf8');
  const templates = readTemplates(text);
  it('reads all 47 written templates: 25 CRITICAL, 21 HIGH, 1 LOW (41 once PyYAML folds the misindented six)', () => {
    const count = (p: string) => templates.filter((t) => t.metadata.priority === p).length;
    assert.deepEqual([templates.length, count('CRITICAL'), count('HIGH'), count('LOW')], [47, 25, 21, 1]);
    const asKubiScanReadsIt = (load(text, { json: true }) as { items: Template[] }).items;
    assert.equal(asKubiScanReadsIt.length, 41);
  });
  templates.forEach((template, i) => {
    it(`${template.metadata.priority} ${template.metadata.name} (#${i})`, () => {
      const objects: KubeObject[] = [
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'candidate' }, rules: template.rules },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'candidate' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'candidate' },
          subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'team' }],
        },
      ];
      const findings = rbacFindings(Inventory.of(objects)).filter((f) => (f.subject as { name?: string } | undefined)?.name === 'app');
      const top = highest(findings);
      assert.ok(top !== undefined, 'not reported at all');
      if (template.metadata.priority !== 'LOW') assert.ok(atOrAbove(top, 'high'), `reported only at ${top}`);
      assert.ok(SEVERITIES.includes(top));
    });
  });
});

describe('KubiScan risky and non-risky service accounts', async () => {
  const inventory = await loadInventory([
    corpusPath('rbac', 'kubiscan', 'unit_test-kubiscan-sa.yaml'),
    corpusPath('rbac', 'kubiscan', 'unit_test-kubiscan-sa2.yaml'),
  ]);
  const findings = rbacFindings(inventory);
  const about = (name: string) => findings.filter((f) => (f.subject as { name?: string } | undefined)?.name === name);
  it('kubiscan-sa (get/list secrets cluster-wide) is reported critical', () => {
    assert.equal(highest(about('kubiscan-sa')), 'critical');
    assert.deepEqual(about('kubiscan-sa').map((f) => f.check), ['secrets-read']);
  });
  it('kubiscan-sa2 (the same role without secrets) and default get no high or critical finding', () => {
    assert.deepEqual(about('kubiscan-sa2').filter((f) => atOrAbove(f.severity, 'high')), []);
    assert.deepEqual(about('default'), []);
  });
});
