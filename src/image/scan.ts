import type { Analyzer, FoundPackage, OsInfo } from './analyzers/analyzer.js';
import { ALL_ANALYZERS } from './analyzers/index.js';
import { OS_RELEASE_PATHS } from './analyzers/os-release.js';
import { ImageFs } from './fs/image-fs.js';
import type { HistoryEntry, ImageConfig, ReadImage } from './layout/manifest.js';
import type { InstalledPackage } from './package.js';
import { purl } from './purl.js';

export interface ScannedLayer {
  digest: string;
  diffId: string;
  mediaType?: string;
  size?: number;
  /** The image history step that produced this layer (`RUN apt-get install ...`). */
  createdBy?: string;
  created?: string;
  /** Entries refused or skipped in this layer (path traversal, oversize files). */
  problems: string[];
}

/** Where the image came from and how it was built, from labels, annotations and history. */
export interface Provenance {
  created?: string;
  author?: string;
  /** `org.opencontainers.image.base.name` / `.base.digest` (annotation or label). */
  baseName?: string;
  baseDigest?: string;
  source?: string;
  revision?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  history: HistoryEntry[];
}

/** The inventory of one image: the input of matching and SBOMs, and what the store keeps. */
export interface ImageInventory {
  source: ReadImage['source'];
  name: string;
  manifestDigest?: string;
  platform?: string;
  os?: OsInfo;
  layers: ScannedLayer[];
  packages: InstalledPackage[];
  provenance: Provenance;
  notes: string[];
}

/** Merges the layers, reads the OS, and places every package in its ecosystem and layer. */
export function inventoryOf(image: ReadImage): ImageInventory {
  const fs = new ImageFs();
  image.layers.forEach((layer, i) => fs.apply(layer.record, i));
  const os = osOf(fs);
  const notes = [...image.notes, ...fs.notes()];
  const kindsWithoutOs = new Set<string>();
  const packages = fs.packages().map(({ found, path, layer }) => {
    if (typeof found.ecosystem !== 'string' && !os) kindsWithoutOs.add(found.ecosystem.os);
    const pkg = placePackage(found, os, path);
    // A root filesystem has no layers to attribute packages to.
    const digest = image.source === 'rootfs' ? undefined : image.layers[layer]?.digest;
    return digest ? { ...pkg, layerDigest: digest } : pkg;
  });
  for (const kind of kindsWithoutOs) notes.push(`${kind} packages found but no /etc/os-release: the ecosystem has no release, so distro advisories cannot be matched precisely`);
  const history = image.config?.history ?? [];
  const layerHistory = history.filter((h) => !h.empty_layer);
  const layers: ScannedLayer[] = (image.source === 'rootfs' ? [] : image.layers).map((layer, i) => ({
    digest: layer.digest,
    diffId: layer.record.diffId,
    ...(layer.mediaType ? { mediaType: layer.mediaType } : {}),
    ...(layer.size !== undefined ? { size: layer.size } : {}),
    // History lines up with layers only when the counts agree; a guess would mislabel layers.
    ...(layerHistory.length === image.layers.length && layerHistory[i].created_by ? { createdBy: layerHistory[i].created_by } : {}),
    ...(layerHistory.length === image.layers.length && layerHistory[i].created ? { created: layerHistory[i].created } : {}),
    problems: layer.record.problems,
  }));
  notes.push(...fs.problems);
  return {
    source: image.source,
    name: image.name,
    ...(image.manifestDigest ? { manifestDigest: image.manifestDigest } : {}),
    ...(image.config?.os && image.config.architecture ? { platform: [image.config.os, image.config.architecture, image.config.variant].filter(Boolean).join('/') } : {}),
    ...(os ? { os } : {}),
    layers,
    packages,
    provenance: provenanceOf(image.config, image.annotations),
    notes: image.source === 'rootfs' ? [...notes, ...image.layers.flatMap((l) => l.record.problems)] : notes,
  };
}

function osOf(fs: ImageFs): OsInfo | undefined {
  for (const path of OS_RELEASE_PATHS) {
    const os = fs.analysisAt(path)?.os;
    if (os) return os;
  }
  return undefined;
}

function provenanceOf(config: ImageConfig | undefined, annotations: Record<string, string>): Provenance {
  const labels = config?.config?.Labels ?? {};
  const pick = (key: string) => annotations[`org.opencontainers.image.${key}`] ?? labels[`org.opencontainers.image.${key}`];
  const out: Provenance = { labels, annotations, history: config?.history ?? [] };
  const fields: [keyof Provenance, string][] = [
    ['baseName', 'base.name'],
    ['baseDigest', 'base.digest'],
    ['source', 'source'],
    ['revision', 'revision'],
  ];
  for (const [field, key] of fields) {
    const value = pick(key);
    if (value) (out as unknown as Record<string, string>)[field] = value;
  }
  const created = config?.created ?? pick('created');
  if (created) out.created = created;
  if (config?.author) out.author = config.author;
  return out;
}

/** OSV ecosystem of an OS package database in this OS release. */
export function osEcosystem(os: OsInfo | undefined, kind: 'dpkg' | 'apk' | 'rpm'): string {
  const family = os ? [os.id, ...os.idLike] : [];
  const major = os?.versionId.split('.')[0] ?? '';
  if (kind === 'apk') {
    const minor = os?.versionId.split('.').slice(0, 2).join('.');
    return os?.id === 'alpine' && minor ? `Alpine:v${minor}` : 'Alpine';
  }
  if (kind === 'dpkg') {
    if (os?.id === 'ubuntu' && os.versionId) {
      // OSV marks Ubuntu's long-term releases (even year, April) with ":LTS".
      const lts = /^\d*[02468]\.04$/.test(os.versionId);
      return `Ubuntu:${os.versionId}${lts ? ':LTS' : ''}`;
    }
    if (family.includes('debian') && os?.id !== 'ubuntu') return major ? `Debian:${major}` : 'Debian';
    return os?.id === 'ubuntu' ? 'Ubuntu' : 'Debian';
  }
  switch (os?.id) {
    case 'rocky':
      return major ? `Rocky Linux:${major}` : 'Rocky Linux';
    case 'almalinux':
      return major ? `AlmaLinux:${major}` : 'AlmaLinux';
    case 'opensuse-leap':
      return os.versionId ? `openSUSE:Leap ${os.versionId}` : 'openSUSE';
    case 'sles':
      return os.versionId ? `SUSE:Linux Enterprise Server ${os.versionId}` : 'SUSE';
    default:
      return 'Red Hat';
  }
}

function purlOf(found: FoundPackage, ecosystem: string, os: OsInfo | undefined): string {
  if (typeof found.ecosystem !== 'string') {
    const distro = os ? `${os.id}-${os.versionId}` : undefined;
    switch (found.ecosystem.os) {
      case 'dpkg':
        return purl('deb', os?.id === 'ubuntu' ? 'ubuntu' : 'debian', found.name, found.version, { arch: found.arch, distro });
      case 'apk':
        return purl('apk', 'alpine', found.name, found.version, { arch: found.arch, distro: os?.versionId });
      case 'rpm':
        return purl('rpm', os?.id === 'rhel' || !os ? 'redhat' : os.id, found.name, found.version, {
          arch: found.arch,
          epoch: found.epoch ? String(found.epoch) : undefined,
          distro,
        });
    }
  }
  switch (ecosystem) {
    case 'npm': {
      const scoped = /^(@[^/]+)\/(.+)$/.exec(found.name);
      return scoped ? purl('npm', scoped[1], scoped[2], found.version) : purl('npm', undefined, found.name, found.version);
    }
    case 'PyPI':
      return purl('pypi', undefined, found.name.toLowerCase().replace(/[-_.]+/g, '-'), found.version);
    case 'Go': {
      const cut = found.name.lastIndexOf('/');
      return cut > 0 ? purl('golang', found.name.slice(0, cut), found.name.slice(cut + 1), found.version) : purl('golang', undefined, found.name, found.version);
    }
    case 'Maven': {
      const [group, artifact] = found.name.split(':');
      return artifact ? purl('maven', group, artifact, found.version) : purl('maven', undefined, found.name, found.version);
    }
    default:
      return purl('generic', undefined, found.name, found.version);
  }
}

function placePackage(found: FoundPackage, os: OsInfo | undefined, path: string): InstalledPackage {
  const ecosystem = typeof found.ecosystem === 'string' ? found.ecosystem : osEcosystem(os, found.ecosystem.os);
  const out: InstalledPackage = {
    ecosystem,
    name: found.name,
    version: found.version,
    sourceName: found.sourceName,
    sourceVersion: found.sourceVersion,
    purl: purlOf(found, ecosystem, os),
    foundIn: path,
  };
  if (found.licenses?.length) out.licenses = found.licenses;
  if (found.arch) out.arch = found.arch;
  return out;
}

export const DEFAULT_ANALYZERS: readonly Analyzer[] = ALL_ANALYZERS;
