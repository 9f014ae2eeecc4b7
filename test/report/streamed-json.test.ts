import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { emptyConfig, parseConfig, type StockadeConfig } from '../../src/core/config.js';
import { applyLoadPlan, loadPaths, parseDocumentOf, planLoad } from '../../src/load/index.js';
import { renderJson } from '../../src/report/json.js';
import { scanPlanInParallel } from '../../src/scan/parallel.js';
import { scanLoaded, scanLoadedStreamed, type ScanSettings } from '../../src/scan/run.js';
import { corpusPath, repoRoot } from '../corpus.js';
import { OPTIONS } from '../catalogue/scan.js';

function text(chunks: Iterable<string | Uint8Array>): string {
  return [...chunks].map((c) => (typeof c === 'string' ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString())).join('');
}

/** The JSON report of a streamed scan must be the very text of the report built from finding objects. */
async function assertSameReport(paths: string[], settings: Partial<ScanSettings> = {}): Promise<number> {
  const loaded = await loadPaths(paths);
  const full: ScanSettings = { checks: Object.freeze([...ALL_CHECKS]), config: emptyConfig(), options: OPTIONS, version: '0', ...settings };
  const expected = text(renderJson(scanLoaded(loaded, full)));
  const streamed = text(renderJson(scanLoadedStreamed(loaded, full)));
  assert.equal(streamed, expected);
  return (JSON.parse(expected) as { findings: unknown[] }).findings.length;
}

describe('streamed JSON report', () => {
  it('equals the report of finding objects on real manifests (badPods, Kubernetes Goat, Online Boutique, the examples)', async () => {
    const counts = [
      await assertSameReport([corpusPath('badpods')]),
      await assertSameReport([corpusPath('kubernetes-goat')]),
      await assertSameReport([corpusPath('microservices-demo')]),
      await assertSameReport([`${repoRoot}/examples`]),
    ];
    for (const n of counts) assert.ok(n > 10, `each corpus has findings (${counts.join(', ')})`);
  });

  it('equals it with exceptions, severity overrides and a baseline too', async () => {
    const parsed = parseConfig(
      {
        checks: { severity: { 'readonly-root-filesystem': 'critical' } },
        exceptions: [
          { check: 'privileged-container', resource: { kind: 'Pod' }, reason: 'lab pods' },
          { check: 'host-namespaces', resource: { kind: 'Pod' }, reason: 'expired one', expires: '2020-01-01' },
        ],
      },
      ALL_CHECKS,
    );
    assert.deepEqual(parsed.problems, []);
    const config: StockadeConfig = parsed.config;
    const loaded = await loadPaths([corpusPath('badpods')]);
    const first = JSON.parse(text(renderJson(scanLoaded(loaded, { checks: ALL_CHECKS, config, options: OPTIONS, version: '0' })))) as {
      findings: { fingerprint: string; suppressed?: unknown; exceptionExpired?: unknown; severity: string; check: string }[];
    };
    assert.ok(first.findings.some((f) => f.suppressed) && first.findings.some((f) => f.exceptionExpired), 'the config suppresses some findings and has expired');
    assert.ok(first.findings.some((f) => f.check === 'readonly-root-filesystem' && f.severity === 'critical'), 'the override applies');
    const baseline = new Set(first.findings.filter((_, i) => i % 2 === 0).map((f) => f.fingerprint));
    await assertSameReport([corpusPath('badpods')], { config, baseline });
  });
});

describe('JSON report of a scan split across threads', () => {
  async function assertSameInParallel(paths: string[], settings: Partial<ScanSettings> = {}): Promise<void> {
    const full: ScanSettings = { checks: Object.freeze([...ALL_CHECKS]), config: emptyConfig(), options: OPTIONS, version: '0', ...settings };
    const plan = await planLoad(paths);
    const expected = text(renderJson(scanLoadedStreamed(applyLoadPlan(plan, plan.documents.map(parseDocumentOf)), full)));
    for (const threads of [2, 3]) {
      const { report, loaded } = await scanPlanInParallel(plan, full, threads);
      assert.equal(text(renderJson(report)), expected, `${threads} threads`);
      assert.equal(loaded.inventory.size, JSON.parse(expected).summary.resources);
    }
  }

  it('is the single-threaded report, errors, notes and exceptions included', async () => {
    await assertSameInParallel([corpusPath('badpods'), corpusPath('kubernetes-goat'), `${repoRoot}/examples`]);
    await assertSameInParallel([corpusPath('microservices-demo')], { baseline: new Set(['not-a-fingerprint']) });
  });

  it('carries documents JSON cannot (tags, non-finite numbers) and broken ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockade-parallel-'));
    try {
      const pod = (name: string, extra: string) =>
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  annotations:\n    stockade.dev/ignore: "not a valid line"\nspec:\n  containers:\n  - name: app\n    image: nginx\n${extra}`;
      writeFileSync(join(dir, 'a.yaml'), [pod('a', '    securityContext: {runAsUser: .inf}\n'), pod('b', '    args: [!!binary aGVsbG8=]\n'), 'key: [unclosed\n'].join('---\n'));
      writeFileSync(join(dir, 'b.yaml'), [pod('c', ''), 'just a scalar\n', pod('d', '    securityContext: {privileged: yes}\n')].join('---\n'));
      await assertSameInParallel([dir]);
      // Fewer documents than threads: some shares are empty.
      await assertSameInParallel([join(dir, 'b.yaml')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
