import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_CHECKS } from '../../src/checks/index.js';
import { TEST_OPTIONS } from '../../src/checks/check-tester.js';
import { startOperator, type OperatorHandle, type OperatorOptions } from '../../src/cluster/operator.js';
import { emptyConfig } from '../../src/core/config.js';
import { openVulnDb } from '../../src/image/vuln/index.js';
import { runCli } from '../cli/run.js';
import { dpkgQueryOf, skipImageE2e, testImage } from '../image/test-image.js';
import type { JsonObject } from './fake-api-server.js';
import { startCluster, type TestCluster } from './helpers.js';
import { databaseWithImages, expectedIds, registryAndCluster, RECORD_IDS, RECORDS_DIR, type CorpusImage, type StoredImages } from './vuln-fixtures.js';

interface ReportResult {
  policy: string;
  rule: string;
  severity: string;
  resources: { kind: string; name: string }[];
  properties: Record<string, string>;
}

const deployment = (namespace: string, name: string, images: string[]): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } },
  },
});

const namespace = (name: string): JsonObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

function vulnerabilityResults(cluster: TestCluster, ns: string): ReportResult[] {
  const report = cluster.server.objectsOf('wgpolicyk8s.io', 'PolicyReport').find((r) => r.metadata?.namespace === ns) as { results?: ReportResult[] } | undefined;
  return (report?.results ?? []).filter((r) => r.policy === 'vulnerable-package');
}

/** The operator with every check, metrics on a free loopback port, and images assessed against a database. */
function startWithImages(cluster: TestCluster, images: NonNullable<OperatorOptions['images']>, log: (line: string) => void): Promise<OperatorHandle> {
  return startOperator({
    kubeconfig: cluster.kubeconfig(),
    kubeletConfig: false,
    settings: { checks: ALL_CHECKS, config: emptyConfig() },
    optionsAt: (at) => ({ ...TEST_OPTIONS, now: at }),
    settleMs: 50,
    metricsPort: 0,
    metricsHost: '127.0.0.1',
    images,
    log,
  });
}

/** Waits for report writes until the condition holds; after 20 s, fails with what the operator logged. */
async function until(operator: OperatorHandle, condition: () => boolean, logs: readonly string[] = []): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))));
    const outcome = await Promise.race([operator.settled(), late]);
    clearTimeout(timer);
    if (outcome === 'late' && !condition()) assert.fail(`condition not met within 20 s; the operator logged:\n${logs.join('\n')}`);
  }
}

async function metric(operator: OperatorHandle, pattern: RegExp): Promise<string | undefined> {
  const text = await (await fetch(operator.metricsUrl!)).text();
  return pattern.exec(text)?.[1];
}

describe('stockade operator --images: vulnerability findings follow the database without a restart (real OSV records, real package lists)', () => {
  let stored: StoredImages;
  let cluster: TestCluster;
  let operator: OperatorHandle;
  let debian: CorpusImage;
  let alpine: CorpusImage;
  const logs: string[] = [];
  const debianRef = () => stored.debianRef;
  const alpineRef = () => stored.alpineRef;
  const dbPath = () => stored.dbPath;

  before(async () => {
    stored = await databaseWithImages('stockade-operator-images-', join(RECORDS_DIR(), 'DLA-3022-1.json'));
    ({ debian, alpine } = stored);
    cluster = await startCluster([
      namespace('legacy'),
      deployment('legacy', 'app', [debianRef()]),
      deployment('legacy', 'worker', [debianRef(), debianRef()]),
      deployment('legacy', 'edge', [alpineRef()]),
    ]);
    operator = await startWithImages(cluster, { dbPath: dbPath(), registry: {}, pollMs: 50 }, (line) => logs.push(line));
    await operator.watching;
  });
  after(async () => {
    await operator?.stop();
    await cluster?.close();
    stored?.cleanup();
  });

  it('reports the stored images\' vulnerabilities on every workload that runs them, one result per advisory', { timeout: 30_000 }, async () => {
    const expected = expectedIds(debian, ['DLA-3022-1']);
    assert.deepEqual(expected, ['DLA-3022-1'], 'osv.dev reported DLA-3022-1 for the dpkg of this image');
    await until(operator, () => vulnerabilityResults(cluster, 'legacy').length > 0, logs);
    const results = vulnerabilityResults(cluster, 'legacy');
    assert.deepEqual(results.map((r) => r.rule), expected);
    assert.deepEqual(results[0]!.resources.map((r) => `${r.kind}/${r.name}`), ['Deployment/app', 'Deployment/worker']);
    assert.equal(results[0]!.properties.findings, '3', 'one finding per container running the image');
    assert.equal(results[0]!.properties.fixed, '1.18.26');
    assert.match(results[0]!.properties.packages!, /^dpkg 1\.18\.25$/);
    assert.equal(await metric(operator, /^stockade_operator_image_scans_total\{source="database"\} (\d+)$/m), '2', 'each image assessed once, from its stored inventory');
    assert.equal(await metric(operator, /^stockade_operator_image_scans_total\{source="registry"\} (\d+)$/m), undefined, 'nothing pulled');
  });

  it('after `stockade db import` adds records, the new advisories appear in the PolicyReport without a restart or a pull', { timeout: 60_000 }, async () => {
    const listsBefore = cluster.server.requests.filter((r) => r.method === 'GET' && r.query.get('watch') !== 'true' && r.path.endsWith('/deployments')).length;
    const imported = await runCli(['db', 'import', RECORDS_DIR(), '--db', dbPath()]);
    assert.equal(imported.code, 0, imported.stderr);
    const wanted = [...new Set([...expectedIds(debian, RECORD_IDS), ...expectedIds(alpine, RECORD_IDS)])].sort();
    assert.ok(wanted.includes('DLA-3008-1') && wanted.includes('ALPINE-CVE-2025-26519'), `osv.dev verdicts: ${wanted.join(', ')}`);
    await until(operator, () => JSON.stringify(vulnerabilityResults(cluster, 'legacy').map((r) => r.rule).sort()) === JSON.stringify(wanted), logs);
    const results = vulnerabilityResults(cluster, 'legacy');
    const musl = results.find((r) => r.rule === 'ALPINE-CVE-2025-26519')!;
    assert.deepEqual(musl.resources.map((r) => r.name), ['edge']);
    assert.equal(musl.properties.packages, 'musl 1.2.5-r8');
    const openssl = results.find((r) => r.rule === 'DLA-3008-1')!;
    assert.deepEqual(openssl.resources.map((r) => r.name), ['app', 'worker']);
    assert.equal(openssl.properties.fixed, '1.1.0l-1~deb9u6');
    assert.ok(logs.some((l) => l.includes('DLA-3008-1 now affects openssl')), logs.join('\n'));
    assert.equal(Number(await metric(operator, /^stockade_operator_image_rescans_total (\d+)$/m)) >= 2, true, 'both images re-matched');
    assert.ok(Number(await metric(operator, /^stockade_operator_vulndb_changes_total (\d+)$/m)) >= 1);
    assert.equal(await metric(operator, /^stockade_operator_image_scans_total\{source="database"\} (\d+)$/m), '2', 're-matched, not assessed again');
    assert.equal(await metric(operator, /^stockade_operator_image_scans_total\{source="registry"\} (\d+)$/m), undefined);
    const listsAfter = cluster.server.requests.filter((r) => r.method === 'GET' && r.query.get('watch') !== 'true' && r.path.endsWith('/deployments')).length;
    assert.equal(listsAfter - listsBefore, 0, 'the cluster was not listed again');
  });

  it('an image that no workload runs any more leaves the reports when its workload goes', { timeout: 30_000 }, async () => {
    cluster.server.delete(deployment('legacy', 'edge', [alpineRef()]));
    await until(operator, () => !vulnerabilityResults(cluster, 'legacy').some((r) => r.rule === 'ALPINE-CVE-2025-26519'), logs);
    assert.equal(operator.images!.image(alpineRef()), undefined);
    assert.ok(vulnerabilityResults(cluster, 'legacy').some((r) => r.rule === 'DLA-3008-1'));
  });
});

describe('stockade operator --images with a real registry (docker-registry, the Debian test image)', { skip: skipImageE2e }, () => {
  const ctx = registryAndCluster('stockade-operator-registry-', (reference) => [
    namespace('shop'),
    deployment('shop', 'cart', [reference]),
    deployment('shop', 'checkout', [reference, reference]),
  ]);

  const start = (dbPath: string) =>
    startWithImages(ctx.cluster, { dbPath, registry: { caCert: readFileSync(ctx.registry.caFile), dockerConfigDir: ctx.registry.dockerConfigDir }, pollMs: 50 }, () => undefined);

  it('pulls an image once however many containers run it, stores its inventory, and a restarted operator does not pull it again', { timeout: 120_000 }, async () => {
    const { reference } = ctx;
    const dbPath = join(ctx.dir, 'stockade.db');
    const first = await start(dbPath);
    try {
      await until(first, () => first.images!.image(reference) !== undefined);
      await first.images!.idle();
      assert.equal(await metric(first, /^stockade_operator_image_scans_total\{source="registry"\} (\d+)$/m), '1');
      assert.equal(first.images!.image(reference)!.source, 'registry');
    } finally {
      await first.stop();
    }
    const vdb = openVulnDb(dbPath);
    try {
      const stored = vdb.inventories.images();
      assert.deepEqual(stored.map((i) => i.reference), [reference]);
      const packages = vdb.inventories.packages(stored[0]!.digest).filter((p) => p.foundIn === '/var/lib/dpkg/status').map((p) => `${p.name} ${p.version}`).sort();
      assert.deepEqual(packages, dpkgQueryOf(testImage().rootfs));
    } finally {
      vdb.close();
    }
    const second = await start(dbPath);
    try {
      await until(second, () => second.images!.image(reference) !== undefined);
      assert.equal(second.images!.image(reference)!.source, 'database');
      assert.equal(await metric(second, /^stockade_operator_image_scans_total\{source="registry"\} (\d+)$/m), undefined, 'the digest the registry serves is stored: no pull');
    } finally {
      await second.stop();
    }
  });
});
