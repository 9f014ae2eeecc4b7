import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openVulnDb } from '../../src/image/vuln/index.js';
import { runCli } from '../cli/run.js';
import { skipImageE2e } from '../image/test-image.js';
import type { JsonObject } from './fake-api-server.js';
import { startCluster, type TestCluster } from './helpers.js';
import { databaseWithImages, RECORD_IDS, registryAndCluster, RECORDS_DIR, type CorpusImage, type StoredImages } from './vuln-fixtures.js';

interface JsonImage {
  image: string;
  reference?: string;
  workloads: string[];
  vulnerabilities: { checked: boolean; reason?: string; source?: string; total: number; bySeverity: Record<string, number>; top: { id: string; severity: string; package: string; installed: string; fixed: string | null }[] };
}

const deployment = (name: string, image: string, namespace = 'shop'): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } } },
});

const toYaml = (objects: JsonObject[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');

/** (advisory, package, version) triples osv.dev reported for the image among the corpus records. */
function oracle(image: CorpusImage): string[] {
  return [...image.expected].flatMap(([name, ids]) => ids.filter((id) => RECORD_IDS.includes(id)).map((id) => `${id} ${name}`)).sort();
}

describe('stockade diff --cluster: new images and their vulnerabilities (real OSV records, real package lists)', () => {
  let stored: StoredImages;
  let dbPath: string;
  let manifest: string;
  let cluster: TestCluster;
  let debian: CorpusImage;
  let alpine: CorpusImage;
  const debianRef = () => stored.debianRef;
  const alpineRef = () => stored.alpineRef;

  before(async () => {
    stored = await databaseWithImages('stockade-diff-images-', RECORDS_DIR());
    ({ debian, alpine, dbPath } = stored);
    cluster = await startCluster([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, deployment('web', 'docker.io/library/nginx:latest')]);
    manifest = join(stored.dir, 'apply.yaml');
    writeFileSync(
      manifest,
      toYaml([
        // The same image the cluster runs, written the short way: not new.
        deployment('web-canary', 'nginx'),
        deployment('legacy', debianRef()),
        deployment('legacy-batch', debianRef()),
        deployment('edge', alpineRef()),
        deployment('unknown', 'registry.invalid/never/scanned:1.0'),
      ]),
    );
  });
  after(async () => {
    await cluster?.close();
    stored?.cleanup();
  });

  const diff = (...extra: string[]) => runCli(['diff', '--cluster', '--kubeconfig', cluster.kubeconfig(), '--no-kubelet-config', manifest, ...extra]);

  it('JSON: each new image with its counts by severity and its vulnerabilities, as osv.dev answered for its packages', async () => {
    const result = await diff('--db', dbPath, '--format', 'json', '--fail-on', 'critical');
    const report = JSON.parse(result.stdout) as { summary: Record<string, number>; images: JsonImage[] };
    assert.deepEqual(report.images.map((i) => i.image), [debianRef(), alpineRef(), 'registry.invalid/never/scanned:1.0'].sort());
    const byImage = new Map(report.images.map((i) => [i.image, i]));
    const legacy = byImage.get(debianRef())!;
    assert.deepEqual(legacy.workloads, ['Deployment shop/legacy', 'Deployment shop/legacy-batch']);
    for (const [ref, image] of [[debianRef(), debian], [alpineRef(), alpine]] as const) {
      const v = byImage.get(ref)!.vulnerabilities;
      const expected = oracle(image);
      assert.ok(expected.length > 0);
      assert.equal(v.checked, true);
      assert.equal(v.source, 'database');
      assert.equal(v.total, expected.length);
      assert.deepEqual(v.top.map((t) => `${t.id} ${t.package}`).sort(), expected, 'every vulnerability is listed (fewer than the top limit)');
      assert.equal(Object.values(v.bySeverity).reduce((a, b) => a + b, 0), v.total);
      for (const [severity, count] of Object.entries(v.bySeverity)) assert.equal(v.top.filter((t) => t.severity === severity).length, count, severity);
    }
    assert.deepEqual(byImage.get(alpineRef())!.vulnerabilities.top.map((t) => `${t.package} ${t.installed} ${t.fixed}`), ['musl 1.2.5-r8 1.2.5-r9']);
    const unknown = byImage.get('registry.invalid/never/scanned:1.0')!.vulnerabilities;
    assert.equal(unknown.checked, false);
    assert.match(unknown.reason!, /not in the vulnerability database.*--images/);
    assert.equal(report.summary.newImages, 3);
    assert.equal(report.summary.newImageVulnerabilities, oracle(debian).length + oracle(alpine).length);
  });

  it('table: new images with their counts, then the top vulnerabilities with package and fix', async () => {
    const result = await diff('--db', dbPath);
    const lines = result.stdout.split('\n');
    assert.match(result.stdout, /^New images$/m);
    assert.match(result.stdout, /^Top vulnerabilities of new images$/m);
    const legacyRow = lines.find((l) => l.startsWith(debianRef()) && l.includes('Deployment shop/legacy'))!;
    assert.match(legacyRow, /\d+ (critical|high|medium|low|info)/);
    const openssl = lines.find((l) => l.includes('DLA-3008-1'))!;
    assert.match(openssl, /openssl\s+1\.1\.0l-1~deb9u5\s+1\.1\.0l-1~deb9u6$/);
    assert.match(lines.find((l) => l.startsWith('registry.invalid/never/scanned:1.0'))!, /not checked: not in the vulnerability database/);
    assert.match(result.stdout, /3 new images \(\d+ known vulnerabilities\)/);
  });

  it('without a database: the new images are listed and their vulnerabilities said not checked', async () => {
    const text = await diff();
    assert.match(text.stdout, /^registry\.invalid\/never\/scanned:1\.0 .*not checked \(give --db FILE or --images\)$/m);
    assert.doesNotMatch(text.stdout, /Top vulnerabilities/);
    const json = JSON.parse((await diff('--format', 'json')).stdout) as { images: JsonImage[] };
    assert.equal(json.images.length, 3);
    assert.ok(json.images.every((i) => i.vulnerabilities.checked === false && /no vulnerability database/.test(i.vulnerabilities.reason!)));
  });

  it('exit code: 1 when a new image carries a vulnerability at or above --fail-on, else 0', async () => {
    const json = JSON.parse((await diff('--db', dbPath, '--format', 'json')).stdout) as { images: JsonImage[] };
    const worst = json.images.flatMap((i) => i.vulnerabilities.top.map((t) => t.severity));
    assert.ok(worst.length > 0);
    const severities = ['critical', 'high', 'medium', 'low', 'info'];
    const mostSevere = severities.find((s) => worst.includes(s))!;
    assert.equal((await diff('--db', dbPath, '--fail-on', mostSevere)).code, 1);
    const above = severities[severities.indexOf(mostSevere) - 1];
    if (above) assert.equal((await diff('--db', dbPath, '--fail-on', above)).code, 0);
  });
});

describe('stockade diff --cluster --images: pulls a new image the database has not stored (docker-registry)', { skip: skipImageE2e }, () => {
  const ctx = registryAndCluster('stockade-diff-pull-', () => [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]);

  it('pulls it once, stores its inventory, and the next diff answers from the database', { timeout: 120_000 }, async () => {
    const { dir, registry, reference, cluster } = ctx;
    const manifest = join(dir, 'apply.yaml');
    writeFileSync(manifest, toYaml([deployment('base', reference)]));
    const dbPath = join(dir, 'stockade.db');
    const args = ['diff', '--cluster', '--kubeconfig', cluster.kubeconfig(), '--no-kubelet-config', manifest, '--format', 'json', '--images', '--db', dbPath, '--ca-cert', registry.caFile];
    const env = { DOCKER_CONFIG: registry.dockerConfigDir };
    const first = JSON.parse((await runCli(args, { env })).stdout) as { images: JsonImage[] };
    assert.equal(first.images[0]!.vulnerabilities.checked, true);
    assert.equal(first.images[0]!.vulnerabilities.source, 'registry');
    const vdb = openVulnDb(dbPath);
    try {
      assert.deepEqual(vdb.inventories.images().map((i) => i.reference), [reference]);
    } finally {
      vdb.close();
    }
    const second = JSON.parse((await runCli(args, { env })).stdout) as { images: JsonImage[] };
    assert.equal(second.images[0]!.vulnerabilities.source, 'database');
    const offline = JSON.parse((await runCli(args.filter((a) => a !== '--images'), { env })).stdout) as { images: JsonImage[] };
    assert.equal(offline.images[0]!.vulnerabilities.source, 'database', 'without --images the stored inventory of the tag answers');
  });
});
