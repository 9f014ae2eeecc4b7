/** A parsed image reference: `[registry/]repository[:tag][@sha256:...]`, Docker's defaults applied. */
export interface ImageReference {
  /** Host (and port) as written, `docker.io` for Docker Hub. */
  registry: string;
  /** Host the API is served from (`registry-1.docker.io` for Docker Hub). */
  apiHost: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export class ReferenceError extends Error {
  override name = 'ReferenceError';
}

const DOCKER_HUB = 'docker.io';
// From distribution/reference: lowercase path components separated by /, each [a-z0-9]+ with . _ __ - separators.
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** A host name or IPv4/bracketed IPv6 address with an optional port: nothing that could reshape the URL. */
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::\d{1,5})?$/;

export function parseReference(text: string): ImageReference {
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new ReferenceError(`image reference "${text}": digest must be sha256:<64 hex digits>`);
  }
  let registry = DOCKER_HUB;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    // Docker's rule: the first component is a registry when it looks like a host.
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  if (!HOST.test(registry)) throw new ReferenceError(`image reference "${text}": invalid registry host "${registry}"`);
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new ReferenceError(`image reference "${text}": invalid tag "${tag}"`);
  }
  if (registry === DOCKER_HUB && !rest.includes('/')) rest = `library/${rest}`;
  if (rest === '' || !rest.split('/').every((c) => COMPONENT.test(c))) {
    throw new ReferenceError(`image reference "${text}": invalid repository name "${rest}" (lowercase letters, digits and . _ - separators)`);
  }
  if (!tag && !digest) tag = 'latest';
  return {
    registry,
    apiHost: registry === DOCKER_HUB ? 'registry-1.docker.io' : registry,
    repository: rest,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
