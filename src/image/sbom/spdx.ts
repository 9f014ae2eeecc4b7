import type { ImageInventory } from '../scan.js';
import type { SbomContext } from './cyclonedx.js';

/** SPDX identifiers allow letters, digits, `.` and `-` only. */
function spdxId(text: string): string {
  return `SPDXRef-${text.replace(/[^A-Za-z0-9.-]+/g, '-')}`;
}

/** SPDX wants second precision (`2024-05-01T12:00:00Z`). */
function spdxTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The inventory as an SPDX 2.3 JSON document. Licences as packages record them are seldom valid
 * SPDX expressions (apk's `GPL2`), so they go in `licenseComments` and the declared licence is
 * NOASSERTION rather than a guess.
 */
export function spdx(inventory: ImageInventory, context: SbomContext): Record<string, unknown> {
  const imageId = 'SPDXRef-Image';
  const packages: Record<string, unknown>[] = [
    {
      SPDXID: imageId,
      name: inventory.name,
      ...(inventory.manifestDigest ? { versionInfo: inventory.manifestDigest } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'CONTAINER',
      ...(inventory.provenance.baseName ? { comment: `base image: ${inventory.provenance.baseName}` } : {}),
    },
  ];
  const relationships: Record<string, unknown>[] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: imageId }];
  if (inventory.os) {
    const osId = spdxId(`OperatingSystem-${inventory.os.id}-${inventory.os.versionId}`);
    packages.push({
      SPDXID: osId,
      name: inventory.os.id,
      versionInfo: inventory.os.versionId,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'OPERATING-SYSTEM',
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: osId });
  }
  inventory.packages.forEach((p, i) => {
    const id = spdxId(`Package-${i + 1}-${p.name}`);
    packages.push({
      SPDXID: id,
      name: p.name,
      versionInfo: p.version,
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'NOASSERTION',
      ...(p.licenses?.length ? { licenseComments: `as recorded by the package: ${p.licenses.join(', ')}` } : {}),
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'LIBRARY',
      ...(p.sourceName !== p.name || p.sourceVersion !== p.version ? { sourceInfo: `built from source package ${p.sourceName} ${p.sourceVersion}` } : {}),
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl }],
      comment: `found in ${p.foundIn}${p.layerDigest ? ` (layer ${p.layerDigest})` : ''}`,
    });
    relationships.push({ spdxElementId: imageId, relationshipType: 'CONTAINS', relatedSpdxElement: id });
  });
  const slug = inventory.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'image';
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: inventory.name,
    documentNamespace: `https://stockade.invalid/spdx/${slug}-${context.uuid}`,
    creationInfo: { created: spdxTime(context.now), creators: [`Tool: stockade-${context.toolVersion}`] },
    packages,
    relationships,
  };
}
