/**
 * One image's vulnerabilities for the cluster commands (operator, diff), reusing the database's
 * stored package inventories: an image whose digest is stored is re-matched, never pulled again;
 * only an image the database has never seen is pulled, and its inventory is stored for next time.
 */
import type { Finding } from '../core/finding.js';
import { isImageInputError, scanImage } from '../image/read.js';
import { RegistryClient, type RegistryOptions } from '../image/registry/client.js';
import { parseReference } from '../image/registry/reference.js';
import { DEFAULT_PLATFORM, isIndex, parseJson, selectPlatform, type ImageIndex } from '../image/layout/manifest.js';
import { baseEcosystem } from '../image/version/index.js';
import { findingsOf, rescanImages, storeImageInventory, type VulnDb, type VulnerabilityMatch } from '../image/vuln/index.js';

export interface ImageVulnerabilities {
  /** The image as the workloads name it (Docker's defaults applied). */
  reference: string;
  /** Manifest digest of the platform's image: the key of the stored inventory. */
  digest: string;
  /** `database`: a stored inventory was re-matched; `registry`: the image was pulled now. */
  source: 'database' | 'registry';
  matches: VulnerabilityMatch[];
  /** Findings on the image itself (resource kind Image). */
  findings: Finding[];
  /** Base ecosystems of its packages: a database update of another ecosystem cannot change it. */
  ecosystems: Set<string>;
  packages: number;
  /** When the stored inventory was taken. */
  scannedAt?: string;
}

/**
 * The digest of the image stored for a reference, without the network: the reference's own
 * digest when that is stored, else the image last stored under this very reference (a tag, or
 * an index digest whose platform manifest was stored).
 */
export function storedDigest(vdb: VulnDb, reference: string): string | undefined {
  const digest = parseReference(reference).digest;
  if (digest && vdb.inventories.image(digest)) return digest;
  const named = vdb.inventories.images().filter((i) => i.reference === reference);
  named.sort((a, b) => b.scannedAt.localeCompare(a.scannedAt));
  return named[0]?.digest;
}

/**
 * The digest the registry serves for a reference today, for the platform: one or two small
 * manifest requests (an index, then the platform's manifest digest from it), no layers.
 */
export async function resolveDigest(reference: string, options: RegistryOptions): Promise<string> {
  const ref = parseReference(reference);
  const client = new RegistryClient(ref, options);
  const fetched = await client.manifest(ref.digest ?? ref.tag ?? 'latest');
  const doc = parseJson<Partial<ImageIndex> & { mediaType?: string }>(fetched.bytes, `manifest of ${reference}`);
  if (!isIndex({ mediaType: doc.mediaType ?? fetched.mediaType, manifests: doc.manifests })) return fetched.digest;
  return selectPlatform(doc as ImageIndex, options.platform ?? DEFAULT_PLATFORM, `image index of ${reference}`).digest;
}

/** Re-matches the stored inventory of a digest against the database as it is now (no pull). */
export function rematchStored(vdb: VulnDb, reference: string, digest: string, now: Date): ImageVulnerabilities {
  const [rescan] = rescanImages(vdb, now, [digest]);
  const packages = vdb.inventories.packages(digest);
  const stored = vdb.inventories.image(digest);
  return {
    reference,
    digest,
    source: 'database',
    matches: rescan!.matches,
    findings: findingsOf(rescan!.matches, { reference, digest }),
    ecosystems: new Set(packages.map((p) => baseEcosystem(p.ecosystem))),
    packages: packages.length,
    ...(stored ? { scannedAt: stored.scannedAt } : {}),
  };
}

export interface AssessOptions {
  /** How to reach registries; undefined: stored inventories only, nothing is pulled. */
  registry?: RegistryOptions;
  now: Date;
}

/**
 * The image's vulnerabilities: from its stored inventory when the database holds the digest the
 * registry serves today (or, offline, the reference's stored digest), else pulled and stored.
 * Undefined when offline and the database has never seen the image. Unreadable images throw the
 * image reader's input errors (`isImageInputError`).
 */
export async function assessImage(vdb: VulnDb, reference: string, options: AssessOptions): Promise<ImageVulnerabilities | undefined> {
  const known = storedDigest(vdb, reference);
  const pinned = parseReference(reference).digest;
  if (known !== undefined && (known === pinned || !options.registry)) return rematchStored(vdb, reference, known, options.now);
  if (!options.registry) return undefined;
  let current: string | undefined;
  try {
    current = await resolveDigest(reference, options.registry);
  } catch (error) {
    // The registry is unreachable for now: the stored inventory is the best answer there is.
    if (known !== undefined && isImageInputError(error)) return rematchStored(vdb, reference, known, options.now);
    throw error;
  }
  if (vdb.inventories.image(current)) return rematchStored(vdb, reference, current, options.now);
  const inventory = await scanImage({ registry: reference }, options.registry);
  const digest = inventory.manifestDigest ?? current;
  const os = inventory.os ? `${inventory.os.id} ${inventory.os.versionId}` : undefined;
  const { matches } = storeImageInventory(vdb, { digest, reference, ...(os ? { os } : {}) }, inventory.packages, options.now);
  return {
    reference,
    digest,
    source: 'registry',
    matches,
    findings: findingsOf(matches, { reference, digest }),
    ecosystems: new Set(inventory.packages.map((p) => baseEcosystem(p.ecosystem))),
    packages: inventory.packages.length,
    scannedAt: options.now.toISOString(),
  };
}
