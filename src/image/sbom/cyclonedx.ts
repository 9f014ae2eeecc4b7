import type { InstalledPackage } from '../package.js';
import type { ImageInventory } from '../scan.js';

/** What an SBOM needs besides the inventory; passed in so that generation stays pure. */
export interface SbomContext {
  now: Date;
  /** A random UUID for this document (serial number / namespace). */
  uuid: string;
  toolVersion: string;
}

interface Property {
  name: string;
  value: string;
}

/** bom-refs must be unique: the purl, qualified by the file when two places hold the same package. */
export function packageRefs(packages: readonly InstalledPackage[]): string[] {
  const counts = new Map<string, number>();
  for (const p of packages) counts.set(p.purl, (counts.get(p.purl) ?? 0) + 1);
  return packages.map((p) => ((counts.get(p.purl) ?? 0) > 1 ? `${p.purl}#${p.foundIn}` : p.purl));
}

function packageProperties(p: InstalledPackage): Property[] {
  const props: Property[] = [
    { name: 'stockade:package:ecosystem', value: p.ecosystem },
    { name: 'stockade:package:found-in', value: p.foundIn },
  ];
  if (p.sourceName !== p.name || p.sourceVersion !== p.version) {
    props.push({ name: 'stockade:package:source-name', value: p.sourceName }, { name: 'stockade:package:source-version', value: p.sourceVersion });
  }
  if (p.layerDigest) props.push({ name: 'stockade:package:layer-digest', value: p.layerDigest });
  return props;
}

/** The inventory as a CycloneDX 1.6 JSON BOM: the image as the described container, each package a component. */
export function cycloneDx(inventory: ImageInventory, context: SbomContext): Record<string, unknown> {
  const refs = packageRefs(inventory.packages);
  const imageRef = 'image';
  const imageProps: Property[] = [
    ...(inventory.manifestDigest ? [{ name: 'stockade:image:digest', value: inventory.manifestDigest }] : []),
    ...(inventory.platform ? [{ name: 'stockade:image:platform', value: inventory.platform }] : []),
    ...(inventory.provenance.baseName ? [{ name: 'stockade:image:base-name', value: inventory.provenance.baseName }] : []),
    ...(inventory.provenance.baseDigest ? [{ name: 'stockade:image:base-digest', value: inventory.provenance.baseDigest }] : []),
    ...(inventory.provenance.source ? [{ name: 'stockade:image:source', value: inventory.provenance.source }] : []),
    ...(inventory.provenance.revision ? [{ name: 'stockade:image:revision', value: inventory.provenance.revision }] : []),
    ...inventory.layers.map((l, i) => ({ name: `stockade:image:layer:${i}`, value: l.digest })),
  ];
  const osRef = 'operating-system';
  const components: Record<string, unknown>[] = [];
  if (inventory.os) {
    components.push({
      type: 'operating-system',
      'bom-ref': osRef,
      name: inventory.os.id,
      version: inventory.os.versionId,
      description: inventory.os.prettyName,
    });
  }
  inventory.packages.forEach((p, i) => {
    components.push({
      type: 'library',
      'bom-ref': refs[i],
      name: p.name,
      version: p.version,
      purl: p.purl,
      ...(p.licenses?.length ? { licenses: p.licenses.map((name) => ({ license: { name } })) } : {}),
      properties: packageProperties(p),
    });
  });
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${context.uuid}`,
    version: 1,
    metadata: {
      timestamp: context.now.toISOString(),
      tools: { components: [{ type: 'application', name: 'stockade', version: context.toolVersion }] },
      component: {
        type: 'container',
        'bom-ref': imageRef,
        name: inventory.name,
        ...(inventory.manifestDigest ? { version: inventory.manifestDigest } : {}),
        ...(imageProps.length ? { properties: imageProps } : {}),
      },
    },
    components,
    dependencies: [{ ref: imageRef, dependsOn: [...(inventory.os ? [osRef] : []), ...new Set(refs)] }],
  };
}
