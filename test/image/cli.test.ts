import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { corpusPath } from '../corpus.js';
import { fakeRegistry, manifestsOf } from './fake-registry.js';
import { buildTestImage, dpkgStanza, type TestImageBlobs } from './fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'stockade-image-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI in-process; stdout goes to `-o` files, stderr is captured. */
async function run(...argv: string[]): Promise<{ code: number; stderr: string }> {
  const write = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  const before = process.exitCode;
  try {
    process.exitCode = undefined;
    const code = await main(argv);
    return { code, stderr };
  } finally {
    process.exitCode = before;
    process.stderr.write = write;
  }
}

function writeLayout(image: TestImageBlobs, dir: string, tag: string): void {
  mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  for (const [digest, bytes] of image.blobs) writeFileSync(join(dir, 'blobs', 'sha256', digest.slice(7)), bytes);
  const manifests = [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: image.manifestDigest, size: image.manifest.length, annotations: { 'org.opencontainers.image.ref.name': tag } }];
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
}

/** Debian 9 with openssl 1.1.0l-1~deb9u5, which the real OSV record DLA-3008-1 affects (corpus record-match-cases.tsv). */
const STRETCH_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 9 (stretch)"\nNAME="Debian GNU/Linux"\nVERSION_ID="9"\nID=debian\n';

describe('stockade image scan / sbom / rescan', () => {
  const layout = join(work, 'oci');
  const db = join(work, 'stockade.db');
  let image: TestImageBlobs;

  before(async () => {
    image = await buildTestImage({
      layers: [
        [{ name: 'etc/os-release', content: STRETCH_OS_RELEASE }, { name: 'var/lib/dpkg/status', content: dpkgStanza('libssl1.1', '1.1.0l-1~deb9u5', 'Source: openssl\n') + dpkgStanza('bash', '4.4-5') }],
        [{ name: 'app/node_modules/left-pad/package.json', content: '{"name":"left-pad","version":"1.3.0","license":"WTFPL"}' }],
      ],
      labels: { 'org.opencontainers.image.base.name': 'debian:stretch' },
    });
    writeLayout(image, layout, 'v1');
  });

  it('lists OS, layers and packages as JSON and says matching found no data', async () => {
    const out = join(work, 'scan.json');
    const { code, stderr } = await run('image', 'scan', '--oci', `${layout}:v1`, '--format', 'json', '-o', out, '--db', join(work, 'empty.db'));
    assert.equal(code, 0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      image: { os: { id: string }; manifestDigest: string; layers: { digest: string }[]; provenance: { baseName: string } };
      packages: { name: string; ecosystem: string; layerDigest: string }[];
      summary: { packages: number; findings: number };
    };
    assert.equal(report.image.manifestDigest, image.manifestDigest);
    assert.equal(report.image.provenance.baseName, 'debian:stretch');
    assert.deepEqual(report.packages.map((p) => `${p.ecosystem} ${p.name} ${p.layerDigest === image.layerDigests[1] ? 2 : 1}`), ['npm left-pad 2', 'Debian:9 libssl1.1 1', 'Debian:9 bash 1']);
    assert.match(stderr, /no vulnerability data for Debian/);
  });

  it('matches against imported OSV data by source package, stores the inventory and exits 1 at --fail-on', async () => {
    const imported = await run('db', 'import', corpusPath('vuln-data', 'osv', 'records', 'DLA-3008-1.json'), '--db', db);
    assert.equal(imported.code, 0, imported.stderr);
    const out = join(work, 'vulns.json');
    const { code } = await run('image', 'scan', '--oci', `${layout}:v1`, '--format', 'json', '-o', out, '--db', db, '--fail-on', 'low');
    const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: { check: string; vulnerability: { id: string; package: string; sourcePackage: string; layer: string } }[] };
    assert.deepEqual(
      report.findings.map((f) => [f.check, f.vulnerability.id, f.vulnerability.package, f.vulnerability.sourcePackage, f.vulnerability.layer]),
      [['vulnerable-package', 'DLA-3008-1', 'libssl1.1', 'openssl', image.layerDigests[0]]],
    );
    assert.equal(code, 1);
    const rescan = join(work, 'rescan.json');
    const again = await run('image', 'rescan', image.manifestDigest, '--db', db, '--all', '--format', 'json', '-o', rescan);
    assert.equal(again.code, 0, 'nothing is newly affected since the scan');
    assert.match(readFileSync(rescan, 'utf8'), /DLA-3008-1/);
  });

  it('lists packages only with --no-vulns, as a table', async () => {
    const out = join(work, 'table.txt');
    const { code } = await run('image', 'scan', '--oci', `${layout}:v1`, '--no-vulns', '-o', out);
    assert.equal(code, 0);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /OS\s+Debian GNU\/Linux 9 \(stretch\)/);
    assert.match(text, /libssl1\.1\s+1\.1\.0l-1~deb9u5\s+openssl 1\.1\.0l-1~deb9u5\s+Debian:9\s+1/);
    assert.match(text, /Vulnerabilities: not matched \(vulnerability matching off/);
  });

  it('writes CycloneDX and SPDX SBOMs', async () => {
    const cdx = join(work, 'bom.cdx.json');
    assert.equal((await run('image', 'sbom', '--oci', `${layout}:v1`, '-o', cdx)).code, 0);
    const bom = JSON.parse(readFileSync(cdx, 'utf8')) as { specVersion: string; components: { purl?: string }[] };
    assert.equal(bom.specVersion, '1.6');
    assert.ok(bom.components.some((c) => c.purl === 'pkg:deb/debian/libssl1.1@1.1.0l-1~deb9u5?arch=amd64&distro=debian-9'));
    const spdxFile = join(work, 'bom.spdx.json');
    assert.equal((await run('image', 'sbom', '--oci', `${layout}:v1`, '--format', 'spdx', '-o', spdxFile)).code, 0);
    assert.equal((JSON.parse(readFileSync(spdxFile, 'utf8')) as { spdxVersion: string }).spdxVersion, 'SPDX-2.3');
  });

  it('scans each image of the workloads in manifests once and reports it on every workload', async () => {
    const registry = await fakeRegistry({ auth: 'none', manifests: manifestsOf(image, 'v1'), blobs: image.blobs });
    try {
      const manifests = join(work, 'manifests');
      mkdirSync(manifests, { recursive: true });
      const deploy = (name: string, img: string) =>
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${img}\n`;
      writeFileSync(join(manifests, 'apps.yaml'), `${deploy('web', `${registry.host}/team/app:v1`)}---\n${deploy('api', `${registry.host}/team/app:v1`)}`);
      const out = join(work, 'workloads.json');
      const { code } = await run('image', 'workloads', manifests, '--insecure-registry', '--db', db, '--format', 'json', '-o', out, '--fail-on', 'critical');
      assert.equal(code, 0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: { resource: { name: string }; location: { file: string; line: number; path: string }; vulnerability: { id: string } }[] };
      assert.deepEqual(
        report.findings.map((f) => [f.resource.name, f.vulnerability.id, f.location.line, f.location.path]),
        [
          ['web', 'DLA-3008-1', 11, 'spec.template.spec.containers[0].image'],
          ['api', 'DLA-3008-1', 23, 'spec.template.spec.containers[0].image'],
        ],
      );
      assert.equal(registry.requests.filter((r) => r.includes('/manifests/')).length, 1, 'the image is pulled once for both workloads');
      writeFileSync(join(manifests, 'broken.yaml'), deploy('gone', `${registry.host}/team/app:missing`));
      const broken = await run('image', 'workloads', manifests, '--insecure-registry', '--db', db, '--format', 'json', '-o', out);
      assert.equal(broken.code, 2, 'an image that cannot be scanned is an input error');
      assert.match(readFileSync(out, 'utf8'), /team\/app:missing: .*HTTP 404/);
    } finally {
      await registry.close();
    }
  });

  it('logs in with --username and STOCKADE_REGISTRY_PASSWORD, and never prints the password', async () => {
    const secret = 'pa55-w0rd-not-to-print';
    const registry = await fakeRegistry({ auth: 'basic', login: { username: 'ci', password: secret }, manifests: manifestsOf(image, 'v1'), blobs: image.blobs });
    const saved = process.env.STOCKADE_REGISTRY_PASSWORD;
    try {
      process.env.STOCKADE_REGISTRY_PASSWORD = secret;
      const out = join(work, 'login.json');
      const ok = await run('image', 'scan', `${registry.host}/team/app:v1`, '--insecure-registry', '--username', 'ci', '--no-vulns', '--format', 'json', '-o', out);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { image: { manifestDigest: string } }).image.manifestDigest, image.manifestDigest);
      process.env.STOCKADE_REGISTRY_PASSWORD = `${secret}-wrong`;
      const denied = await run('image', 'scan', `${registry.host}/team/app:v1`, '--insecure-registry', '--username', 'ci', '--no-vulns', '-o', out);
      assert.equal(denied.code, 2);
      assert.match(denied.stderr, /denied with the given credentials/);
      assert.ok(!denied.stderr.includes(secret), 'the password is not echoed');
      delete process.env.STOCKADE_REGISTRY_PASSWORD;
      const missing = await run('image', 'scan', `${registry.host}/team/app:v1`, '--insecure-registry', '--username', 'ci', '--no-vulns');
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--username needs a password/);
    } finally {
      if (saved === undefined) delete process.env.STOCKADE_REGISTRY_PASSWORD;
      else process.env.STOCKADE_REGISTRY_PASSWORD = saved;
      await registry.close();
    }
  });

  it('answers usage mistakes and unreadable images with exit 2 and one line', async () => {
    const none = await run('image', 'scan', '--no-vulns');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /name exactly one image/);
    const two = await run('image', 'scan', 'alpine', '--oci', layout, '--no-vulns');
    assert.equal(two.code, 2);
    const missing = await run('image', 'scan', '--archive', join(work, 'nope.tar'), '--no-vulns');
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    assert.match(missing.stderr, /--archive .*nope\.tar: .*no such archive file/);
    const badRef = await run('image', 'scan', 'Not_A/Ref', '--no-vulns');
    assert.equal(badRef.code, 2);
    assert.match(badRef.stderr, /image reference/);
    const platform = await run('image', 'scan', '--oci', layout, '--platform', 'linux', '--no-vulns');
    assert.equal(platform.code, 2);
    assert.match(platform.stderr, /--platform "linux"/);
  });
});
