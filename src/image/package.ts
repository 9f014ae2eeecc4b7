/**
 * What the image readers find and the vulnerability matcher consumes. Advisories are keyed by
 * ecosystem and, for OS packages, by *source* package (Debian's `openssl` covers `libssl3`).
 */
export interface InstalledPackage {
  /** OSV ecosystem with release where one applies: `Debian:12`, `Alpine:v3.20`, `npm`, `PyPI`, `Go`, `Maven`, `Red Hat`. */
  ecosystem: string;
  /** Binary package name as installed (`libssl3`), or the language package name. */
  name: string;
  version: string;
  /** Source package name and version (OS packages); equal to name/version when none is recorded. */
  sourceName: string;
  sourceVersion: string;
  /** Package URL (purl), used in SBOMs. */
  purl: string;
  /** File in the image the package was read from (`/var/lib/dpkg/status`). */
  foundIn: string;
  /** Digest of the layer that added (or last changed) the package, when read from layers. */
  layerDigest?: string;
  licenses?: string[];
  arch?: string;
}
