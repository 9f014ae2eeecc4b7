/** Severities from most to least severe; the order is used for `--fail-on` and sorting. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Lower rank = more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** RFC 6902 JSON Patch operation. */
export type JsonPatchOp =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface FindingLocation {
  /** File the object came from, or the Helm `# Source:` template it was rendered from. */
  file?: string;
  /** 1-based line of the offending field (or of the document start when no field applies). */
  line?: number;
  /** Field path in the object, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  path?: string;
  /** For rendered Helm output: where the rendered document was read from. */
  rendered?: { file: string; line: number };
}

export interface PssRef {
  level: 'baseline' | 'restricted';
  control: string;
}

export interface Frameworks {
  pss?: PssRef;
  nsa?: string[];
  cis?: string[];
  mitre?: string[];
}

export interface Suppression {
  by: 'annotation' | 'config';
  reason: string;
  owner?: string;
  expires?: string;
}

export interface Finding {
  check: string;
  code: string;
  severity: Severity;
  category: string;
  title: string;
  message: string;
  resource: ResourceRef;
  location: FindingLocation;
  frameworks: Frameworks;
  remediation: string;
  fix?: JsonPatchOp[];
  /** `unsafe` fixes could break a workload and are applied only on request. */
  fixSafety?: 'safe' | 'unsafe';
  /** Container the finding is about, when it is about one. */
  container?: string;
  fingerprint: string;
  suppressed?: Suppression;
  /** An exception matched but is past its expiry date: the finding is reported. */
  exceptionExpired?: { by: 'annotation' | 'config'; reason: string; expires: string };
  /** Analyser-specific detail (RBAC subject, escalation path, vulnerability, ...). */
  [extra: string]: unknown;
}

/**
 * A fingerprint identifies "the same problem" across runs: it ignores line numbers and
 * wording so that baselines and exceptions survive edits elsewhere in the file.
 */
export function fingerprintOf(parts: {
  check: string;
  resource: ResourceRef;
  path?: string;
  container?: string;
  discriminator?: string;
}): string {
  const { check, resource, path, container, discriminator } = parts;
  return hash128([check, resource.kind, resource.namespace ?? '', resource.name, path ?? '', container ?? '', discriminator ?? '']);
}

/**
 * A 128-bit non-cryptographic hash (four murmur-style 32-bit lanes). Fingerprints identify
 * findings, they protect nothing, and a cryptographic hash per finding was a measurable share
 * of a large scan.
 */
export function hash128(fields: string | readonly string[]): string {
  let h1 = 0x9e3779b1;
  let h2 = 0x85ebca77;
  let h3 = 0xc2b2ae3d;
  let h4 = 0x27d4eb2f;
  const list = typeof fields === 'string' ? [fields] : fields;
  let length = 0;
  // Fields are hashed one after another with a NUL between them, as if joined, without joining.
  for (let f = 0; f < list.length; f++) {
    const text = list[f]!;
    length += text.length + (f > 0 ? 1 : 0);
    for (let i = f > 0 ? -1 : 0; i < text.length; i++) {
      const c = i < 0 ? 0 : text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0xcc9e2d51);
      h1 = (h1 << 15) | (h1 >>> 17);
      h2 = Math.imul(h2 ^ c, 0x1b873593);
      h2 = (h2 << 13) | (h2 >>> 19);
      h3 = Math.imul(h3 ^ c, 0x85ebca6b);
      h3 = (h3 << 16) | (h3 >>> 16);
      h4 = Math.imul(h4 ^ c, 0xc2b2ae35);
      h4 = (h4 << 11) | (h4 >>> 21);
      h1 = (h1 + h4) | 0;
      h2 = (h2 + h1) | 0;
      h3 = (h3 + h2) | 0;
      h4 = (h4 + h3) | 0;
    }
  }
  return hex8(finalMix(h1, length)) + hex8(finalMix(h2, length + 1)) + hex8(finalMix(h3, length + 2)) + hex8(finalMix(h4, length + 3));
}

function finalMix(h: number, length: number): number {
  h ^= length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex8(n: number): string {
  const text = n.toString(16);
  return text.length === 8 ? text : '00000000'.slice(text.length) + text;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.location.file ?? '').localeCompare(b.location.file ?? '') ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    a.check.localeCompare(b.check)
  );
}
