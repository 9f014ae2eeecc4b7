import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { emptyConfig, parseConfig, type StockadeConfig } from '../../src/core/config.js';
import { loadPaths } from '../../src/load/index.js';
import { renderJson } from '../../src/report/json.js';
import { scanLoaded, scanLoadedStreamed, type ScanSettings } from '../../src/scan/run.js';
import { corpusPath, repoRoot } from '../corpus.js';
import { OPTIONS } from '../catalogue/scan.js';

function text(chunks: Iterable<string | Buffer>): string {
  return [...chunks].map((c) => c.toString()).join('');
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
