/**
 * Paths inside an image. Every path the readers hand on is absolute, normalised and inside the
 * image root: a tar entry name or link target that climbs above the root is refused, never
 * clamped silently for entry names, because a layer that tries it is hostile or broken.
 */

/** Normalises a tar entry name (`./usr/bin/x`, `usr//bin/x/`) to `/usr/bin/x`; `undefined` when it escapes the root. */
export function entryPath(name: string): string | undefined {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/**
 * Resolves a symlink target the way the kernel would inside a chroot: relative to the link's
 * directory, `..` at the root stays at the root. The result can never leave the image.
 */
export function resolveLinkTarget(linkPath: string, target: string): string {
  const base = target.startsWith('/') ? [] : parentOf(linkPath).split('/').filter((p) => p !== '');
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') base.pop();
    else base.push(part);
  }
  return `/${base.join('/')}`;
}

export function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}
