import { fingerprintOf, type Finding, type ResourceRef } from '../../core/finding.js';
import type { VulnerabilityMatch } from './match.js';

export const VULNERABLE_PACKAGE = {
  check: 'vulnerable-package',
  code: 'SKD-1001',
  category: 'supply-chain',
  title: 'Package with a known vulnerability',
} as const;

/** The resource a vulnerability finding is about: the image, by reference (and digest when known). */
export function imageResource(reference: string): ResourceRef {
  return { apiVersion: 'oci/v1', kind: 'Image', name: reference };
}

/** One finding per (advisory, installed package) of an image, in the shared Finding envelope. */
export function findingsOf(matches: VulnerabilityMatch[], image: { reference: string; digest?: string }): Finding[] {
  const resource = imageResource(image.reference);
  return matches.map((m) => {
    const pkg = m.package;
    const names = m.aliases.length > 0 ? ` (${m.aliases.slice(0, 3).join(', ')})` : '';
    const via = m.matchedName !== pkg.name ? ` from source package ${m.matchedName}` : '';
    const fix = m.fixed ? `fixed in ${m.fixed}` : 'no fixed version is known';
    const finding: Finding = {
      check: VULNERABLE_PACKAGE.check,
      code: VULNERABLE_PACKAGE.code,
      severity: m.severity,
      category: VULNERABLE_PACKAGE.category,
      title: VULNERABLE_PACKAGE.title,
      message: `${pkg.name} ${pkg.version}${via} is affected by ${m.id}${names}; ${fix}.`,
      resource,
      location: { file: pkg.foundIn },
      frameworks: {},
      remediation: m.fixed
        ? `Upgrade ${m.matchedName} to ${m.fixed} or later (rebuild the image on an updated base or package set).`
        : `No fix is published for ${m.matchedName}: remove the package if unused, or accept the risk with an exception.`,
      fingerprint: fingerprintOf({ check: VULNERABLE_PACKAGE.check, resource, discriminator: `${m.id}|${pkg.ecosystem}|${pkg.name}|${pkg.version}` }),
      vulnerability: {
        id: m.id,
        aliases: m.aliases,
        package: pkg.name,
        sourcePackage: m.matchedName,
        ecosystem: pkg.ecosystem,
        installed: pkg.version,
        fixed: m.fixed ?? null,
        cvss: m.cvss.map((c) => ({ version: c.version, vector: c.vector, score: c.score })),
        score: m.score ?? null,
        severitySource: m.severitySource,
        ...(m.urgency ? { urgency: m.urgency } : {}),
        ...(m.summary ? { summary: m.summary } : {}),
        ...(pkg.layerDigest ? { layer: pkg.layerDigest } : {}),
        ...(image.digest ? { imageDigest: image.digest } : {}),
      },
    };
    return finding;
  });
}
