import { compareApk } from './apk.js';
import { compareDpkg } from './dpkg.js';
import { compareMaven } from './maven.js';
import { comparePep440 } from './pep440.js';
import { compareRpm } from './rpm.js';
import { compareSemver } from './semver.js';

export { compareApk, isValidApkVersion } from './apk.js';
export { compareDpkg, parseDpkgVersion } from './dpkg.js';
export { compareMaven } from './maven.js';
export { comparePep440, parsePep440 } from './pep440.js';
export { compareRpm, parseRpmEvr, rpmvercmp } from './rpm.js';
export { compareSemver, parseSemver } from './semver.js';

export type VersionComparator = (a: string, b: string) => number;

/**
 * Version order of each OSV ecosystem, keyed by the ecosystem name without its release suffix
 * (`Debian:12` → `Debian`). Ecosystems absent here have no order we implement: their advisories
 * can still match through explicit `versions` lists.
 */
const BY_ECOSYSTEM: Record<string, VersionComparator> = {
  Debian: compareDpkg,
  Ubuntu: compareDpkg,
  Alpine: compareApk,
  'Alpaquita': compareApk,
  'Wolfi': compareApk,
  'Chainguard': compareApk,
  'Red Hat': compareRpm,
  'Rocky Linux': compareRpm,
  AlmaLinux: compareRpm,
  'openSUSE': compareRpm,
  SUSE: compareRpm,
  Mageia: compareRpm,
  'Photon OS': compareRpm,
  'Azure Linux': compareRpm,
  npm: compareSemver,
  Go: compareSemver,
  'crates.io': compareSemver,
  Hex: compareSemver,
  Pub: compareSemver,
  PyPI: comparePep440,
  Maven: compareMaven,
};

/** The base ecosystem of an OSV ecosystem string: `Debian:12` → `Debian`, `Alpine:v3.20` → `Alpine`. */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon < 0 ? ecosystem : ecosystem.slice(0, colon);
}

/**
 * The release part of an OSV ecosystem string, normalised for matching: `Debian:12` → `12`,
 * `Alpine:v3.20` → `v3.20`, `Ubuntu:22.04:LTS` → `22.04` (the LTS marker names the same release;
 * `Ubuntu:Pro:18.04:LTS` stays `Pro:18.04`, a different archive), `npm` → "" (no release).
 */
export function releaseOf(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  if (colon < 0) return '';
  const release = ecosystem.slice(colon + 1);
  return ecosystem.startsWith('Ubuntu:') ? release.replace(/:LTS$/, '') : release;
}

export function comparatorFor(ecosystem: string): VersionComparator | undefined {
  return BY_ECOSYSTEM[baseEcosystem(ecosystem)];
}
