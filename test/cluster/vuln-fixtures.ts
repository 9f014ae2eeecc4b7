import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { InstalledPackage } from '../../src/image/package.js';
import { importOsv, openVulnDb, storeImageInventory, type VulnDb } from '../../src/image/vuln/index.js';
import { corpusPath } from '../corpus.js';
import { pushImage, startRegistry, testImage, type TestRegistry } from '../image/test-image.js';
import type { JsonObject } from './fake-api-server.js';
import { startCluster, type TestCluster } from './helpers.js';

/**
 * Real image package lists with osv.dev's verdicts: each (ecosystem, cassette) of the corpus's
 * `querybatch-expected.tsv` is the package list osv-scanner extracted from one real image and sent
 * to osv.dev, with the advisory ids osv.dev answered for each package.
 */
export interface CorpusImage {
  ecosystem: string;
  /** A digest standing for the image (the package lists come without their image). */
  digest: string;
  packages: InstalledPackage[];
  /** Package name → the advisory ids osv.dev returned for its version. */
  expected: Map<string, string[]>;
}

export const RECORDS_DIR = (): string => corpusPath('vuln-data', 'osv', 'records');
/** The ids of the real OSV records in `RECORDS_DIR`. */
export const RECORD_IDS = ['ALPINE-CVE-2025-26519', 'DLA-3008-1', 'DLA-3012-1', 'DLA-3022-1', 'DLA-3051-1', 'DLA-3623-1', 'DSA-3029-1'];

export function corpusImage(ecosystem: string, cassette: string): CorpusImage {
  const [header, ...lines] = readFileSync(corpusPath('vuln-data', 'osv', 'querybatch-expected.tsv'), 'utf8').trimEnd().split('\n');
  const columns = header!.split('\t');
  const rows = lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [columns[i], v])) as Record<string, string>);
  const mine = rows.filter((r) => r.ecosystem === ecosystem && r.source_cassette!.endsWith(`/${cassette}`));
  if (mine.length === 0) throw new Error(`no ${ecosystem} rows of ${cassette} in querybatch-expected.tsv`);
  const foundIn = ecosystem.startsWith('Alpine') ? '/lib/apk/db/installed' : '/var/lib/dpkg/status';
  return {
    ecosystem,
    digest: `sha256:${createHash('sha256').update(`${ecosystem} ${cassette}`).digest('hex')}`,
    // osv-scanner queries Debian and Alpine by source package name, as the matcher matches.
    packages: mine.map((r) => ({ ecosystem, name: r.package!, version: r.version!, sourceName: r.package!, sourceVersion: r.version!, purl: '', foundIn })),
    expected: new Map(mine.map((r) => [r.package!, r.expected_osv_ids === '-' ? [] : r.expected_osv_ids!.split(',')])),
  };
}

/** The ids osv.dev reported for the image that are among `ids`. */
export function expectedIds(image: CorpusImage, ids: readonly string[]): string[] {
  return [...new Set([...image.expected.values()].flat().filter((id) => ids.includes(id)))].sort();
}

/** Stores the image's package inventory, as a scan (`image scan`, `scan --images`) would have. */
export function storeCorpusImage(vdb: VulnDb, image: CorpusImage, reference: string, now: Date): void {
  storeImageInventory(vdb, { digest: image.digest, reference }, image.packages, now);
}

/** The Debian 9 image of osv-scanner's source-scan test (132 packages) and the Alpine 3.21 image of its OCI-image test. */
export const DEBIAN_9 = (): CorpusImage => corpusImage('Debian:9', 'TestCommand.yaml');
export const ALPINE_321 = (): CorpusImage => corpusImage('Alpine:v3.21', 'TestCommand_OCIImage.yaml');

export interface StoredImages {
  dir: string;
  dbPath: string;
  debian: CorpusImage;
  alpine: CorpusImage;
  debianRef: string;
  alpineRef: string;
  cleanup(): void;
}

/**
 * A temporary database holding the inventories of the Debian 9 and Alpine 3.21 images and the OSV
 * records of `records` (a file or directory). The images are pinned by digest on a registry that
 * does not resolve: they can only come from the database.
 */
export async function databaseWithImages(prefix: string, records: string): Promise<StoredImages> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbPath = join(dir, 'stockade.db');
  const debian = DEBIAN_9();
  const alpine = ALPINE_321();
  const stored = { dir, dbPath, debian, alpine, debianRef: `registry.invalid/legacy/app@${debian.digest}`, alpineRef: `registry.invalid/edge/proxy@${alpine.digest}` };
  const now = new Date();
  const vdb = openVulnDb(dbPath);
  try {
    storeCorpusImage(vdb, debian, stored.debianRef, now);
    storeCorpusImage(vdb, alpine, stored.alpineRef, now);
    assert.deepEqual((await importOsv(vdb.advisories, records, { now })).errors, []);
  } finally {
    vdb.close();
  }
  return { ...stored, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RegistryCluster {
  dir: string;
  registry: TestRegistry;
  /** The Debian test image, pushed as `shop/base:bookworm`. */
  reference: string;
  cluster: TestCluster;
}

/**
 * For a describe block: docker-registry holding the Debian test image, a stand-in cluster holding
 * `objects(reference)`, and a temporary directory; all gone after the block.
 */
export function registryAndCluster(prefix: string, objects: (reference: string) => JsonObject[]): RegistryCluster {
  const ctx = {} as RegistryCluster;
  before(async () => {
    ctx.dir = mkdtempSync(join(tmpdir(), prefix));
    ctx.registry = await startRegistry('basic');
    ctx.reference = await pushImage(ctx.registry, testImage(), 'shop/base');
    ctx.cluster = await startCluster(objects(ctx.reference));
  });
  after(async () => {
    await ctx.cluster?.close();
    await ctx.registry?.stop();
    if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}
