import { memoized } from '../../core/memo.js';

/**
 * Container image references as the container runtime resolves them (distribution/reference):
 * the first path component is a registry host only when it contains `.` or `:` or is
 * `localhost`; otherwise the image lives on Docker Hub, where one-component names are
 * official images under `library/`.
 */
export interface ImageReference {
  /** As written in the manifest. */
  original: string;
  /** Registry host, with port when given: `docker.io`, `gcr.io`, `localhost:5000`. */
  registry: string;
  /** Repository path without the registry: `library/redis`, `madhuakula/k8s-goat-home`. */
  repository: string;
  tag?: string;
  /** `sha256:…` */
  digest?: string;
}

const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * Parses an image reference; undefined for an empty or malformed one (spaces, upper-case
 * repository, empty components). The same images recur across workloads (a scan of a repository,
 * a webhook's stream of requests): each reference is parsed once, and the parsed reference,
 * frozen, is shared.
 */
export const parseImageReference = memoized((original: string): Readonly<ImageReference> | undefined => {
  const parsed = parseImageReferenceText(original);
  return parsed && Object.freeze(parsed);
}, 4096);

function parseImageReferenceText(original: string): ImageReference | undefined {
  const text = original.trim();
  if (text === '' || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  // The path is read by position, not split into components and joined again: splitting
  // the string the tag was sliced from cost more than the rest of the parse.
  let registry = DOCKER_HUB;
  let repository = rest;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?$/.test(registry)) return undefined;
      repository = rest.slice(slash + 1);
    }
  }
  // Every `/`-separated component: lower-case alphanumerics joined by `.`, `_`, `__` or dashes.
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(repository)) return undefined;
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = DOCKER_HUB;
    if (!repository.includes('/')) repository = `library/${repository}`;
  }
  const ref: ImageReference = { original, registry, repository };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/**
 * Whether an image comes from one of the listed locations: a registry host (`gcr.io`), or a
 * registry with a repository prefix (`ghcr.io/acme`, which matches `ghcr.io/acme/...` but not
 * `ghcr.io/acme-evil/...`). Docker Hub is `docker.io`.
 */
export function imageFromAny(image: ImageReference, locations: readonly string[]): boolean {
  const full = `${image.registry}/${image.repository}`;
  return normalisedLocations(locations).some((prefix) => full === prefix || full.startsWith(prefix + '/'));
}

/** Locations come from settings and are checked for every container: normalise each list once. */
const normalisedCache = new WeakMap<readonly string[], string[]>();

function normalisedLocations(locations: readonly string[]): string[] {
  let normalised = normalisedCache.get(locations);
  if (!normalised) {
    normalised = locations.map((location) => {
      const lower = location.trim().replace(/\/+$/, '').toLowerCase();
      const host = lower.split('/')[0]!;
      return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB + lower.slice(host.length) : lower;
    });
    normalisedCache.set(locations, normalised);
  }
  return normalised;
}

/** The image reference as pulled: registry and repository made explicit. */
export function canonicalImage(image: ImageReference): string {
  return `${image.registry}/${image.repository}${image.tag !== undefined ? ':' + image.tag : ''}${image.digest !== undefined ? '@' + image.digest : ''}`;
}

/**
 * A tag that names one build: a version with at least major.minor.patch (`v0.10.6`,
 * `1.25.3-alpine`), or a commit or build id (7+ hex digits, or a date stamp). Anything else
 * (`latest`, `alpine`, `3`, `1.25`, `stable`) moves as the publisher pushes.
 */
export function isPinnedVersionTag(tag: string): boolean {
  if (/^v?\d+\.\d+\.\d+(?:[._+-][\w.+-]*)?$/i.test(tag)) return true;
  if (/(?:^|[._-])(?:sha-?)?[0-9a-f]{7,40}(?:$|[._-])/.test(tag) && /\d/.test(tag)) return true;
  return /(?:^|[._-])20\d{6}(?:$|[._-]|\d)/.test(tag);
}

/** Whether the image as written may change under the same reference (no digest and no pinned version tag). */
export function isMutableReference(image: ImageReference): boolean {
  if (image.digest !== undefined) return false;
  return image.tag === undefined || !isPinnedVersionTag(image.tag);
}
