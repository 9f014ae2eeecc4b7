import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { corpusPath } from '../../../test/corpus.js';
import { skipImageE2e, testImage } from '../../../test/image/test-image.js';
import { readOciLayout } from '../layout/oci-layout.js';
import type { InstalledPackage } from '../package.js';
import { DEFAULT_ANALYZERS, inventoryOf, type ImageInventory } from '../scan.js';
import { cycloneDx, type SbomContext } from './cyclonedx.js';
import { spdx } from './spdx.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const context: SbomContext = { now: new Date('2025-03-04T05:06:07.890Z'), uuid: '3f0a2d4e-6b1c-4c8e-9a57-1d2e3f405162', toolVersion: '0.1.0' };

function cycloneDxValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const name of ['spdx.schema.json', 'jsf-0.82.schema.json', 'cryptography-defs.schema.json']) {
    ajv.addSchema(JSON.parse(readFileSync(corpusPath('schemas', 'cyclonedx', name), 'utf8')) as object);
  }
  return ajv.compile(JSON.parse(readFileSync(corpusPath('schemas', 'cyclonedx', 'bom-1.6.schema.json'), 'utf8')) as object);
}

const pkg = (p: Partial<InstalledPackage> & Pick<InstalledPackage, 'ecosystem' | 'name' | 'version' | 'purl'>): InstalledPackage => ({
  sourceName: p.name,
  sourceVersion: p.version,
  foundIn: '/x',
  ...p,
});

/** Every package type the analysers produce, with the awkward characters purls and SPDX IDs must survive. */
const mixed: ImageInventory = {
  source: 'registry',
  name: 'registry.example/team/app:1.0',
  manifestDigest: `sha256:${'a'.repeat(64)}`,
  platform: 'linux/amd64',
  os: { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', distroless: false },
  layers: [{ digest: `sha256:${'b'.repeat(64)}`, diffId: `sha256:${'c'.repeat(64)}`, problems: [] }],
  packages: [
    pkg({ ecosystem: 'Debian:12', name: 'libssl3', version: '3.0.11-1~deb12u2', sourceName: 'openssl', purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12', layerDigest: `sha256:${'b'.repeat(64)}` }),
    pkg({ ecosystem: 'npm', name: '@babel/core', version: '7.24.0', purl: 'pkg:npm/%40babel/core@7.24.0', licenses: ['MIT'], foundIn: '/app/node_modules/@babel/core/package.json' }),
    pkg({ ecosystem: 'npm', name: '@babel/core', version: '7.24.0', purl: 'pkg:npm/%40babel/core@7.24.0', foundIn: '/app/package-lock.json' }),
    pkg({ ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }),
    pkg({ ecosystem: 'Go', name: 'stdlib', version: 'v1.21.5', purl: 'pkg:golang/stdlib@v1.21.5' }),
    pkg({ ecosystem: 'Alpine:v3.20', name: 'musl', version: '1.2.5-r0', purl: 'pkg:apk/alpine/musl@1.2.5-r0', licenses: ['MIT'] }),
  ],
  provenance: { labels: {}, annotations: {}, history: [], baseName: 'debian:12' },
  notes: [],
};

describe('CycloneDX 1.6 SBOM', () => {
  const validate = cycloneDxValidator();

  it('validates against the official schema, with unique bom-refs for a package found twice', () => {
    const bom = cycloneDx(mixed, context);
    assert.ok(validate(bom), JSON.stringify(validate.errors?.slice(0, 3)));
    const refs = (bom.components as { 'bom-ref': string }[]).map((c) => c['bom-ref']);
    assert.equal(new Set(refs).size, refs.length);
    assert.equal((bom.metadata as { component: { type: string } }).component.type, 'container');
  });

  it('fails validation when the document is broken, so the check can fail', () => {
    const bom = cycloneDx(mixed, context);
    (bom.components as Record<string, unknown>[])[1].type = 'not-a-type';
    assert.equal(validate(bom), false);
  });

  it('describes the real Debian test image and validates', { skip: skipImageE2e }, async () => {
    const image = testImage();
    const inventory = inventoryOf(await readOciLayout(`${image.oci}:${image.tag}`, DEFAULT_ANALYZERS));
    const bom = cycloneDx(inventory, context);
    assert.ok(validate(bom), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal((bom.components as unknown[]).length, inventory.packages.length + 1);
  });
});

describe('SPDX 2.3 SBOM', () => {
  const ID = /^SPDXRef-[A-Za-z0-9.-]+$/;

  it('has the fields SPDX 2.3 requires, valid unique IDs and relationships between existing elements', () => {
    const doc = spdx(mixed, context) as {
      spdxVersion: string;
      dataLicense: string;
      SPDXID: string;
      documentNamespace: string;
      creationInfo: { created: string; creators: string[] };
      packages: Record<string, unknown>[];
      relationships: { spdxElementId: string; relatedSpdxElement: string; relationshipType: string }[];
    };
    assert.equal(doc.spdxVersion, 'SPDX-2.3');
    assert.equal(doc.dataLicense, 'CC0-1.0');
    assert.match(doc.creationInfo.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(doc.documentNamespace, /^https:\/\/[^\s#]+$/);
    const ids = doc.packages.map((p) => p.SPDXID as string);
    assert.equal(new Set(ids).size, ids.length);
    for (const p of doc.packages) {
      assert.match(p.SPDXID as string, ID);
      for (const field of ['name', 'downloadLocation', 'licenseConcluded', 'licenseDeclared', 'copyrightText']) assert.ok(typeof p[field] === 'string', `${String(p.SPDXID)} lacks ${field}`);
    }
    const known = new Set([...ids, 'SPDXRef-DOCUMENT']);
    for (const r of doc.relationships) assert.ok(known.has(r.spdxElementId) && known.has(r.relatedSpdxElement), JSON.stringify(r));
    assert.equal(doc.relationships.filter((r) => r.relationshipType === 'CONTAINS').length, mixed.packages.length + 1);
    const ssl = doc.packages.find((p) => p.name === 'libssl3') as { externalRefs: { referenceLocator: string }[]; sourceInfo: string };
    assert.equal(ssl.externalRefs[0].referenceLocator, mixed.packages[0].purl);
    assert.match(ssl.sourceInfo, /openssl/);
  });
});
