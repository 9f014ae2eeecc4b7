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
  return hex128(finalMix(h1, length), finalMix(h2, length + 1), finalMix(h3, length + 2), finalMix(h4, length + 3));
}

function finalMix(h: number, length: number): number {
  h ^= length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const HEX_DIGITS = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

function nibble(n: number, shift: number): number {
  return HEX_DIGITS[(n >>> shift) & 15]!;
}

/**
 * Four 32-bit numbers as 32 lowercase hex digits, built as one flat string: `toString(16)` of a
 * number above 2^31 takes V8's slow path, and joining pieces leaves a tree of small strings
 * behind every finding's fingerprint.
 */
export function hex128(a: number, b: number, c: number, d: number): string {
  return String.fromCharCode(
    nibble(a, 28), nibble(a, 24), nibble(a, 20), nibble(a, 16), nibble(a, 12), nibble(a, 8), nibble(a, 4), nibble(a, 0),
    nibble(b, 28), nibble(b, 24), nibble(b, 20), nibble(b, 16), nibble(b, 12), nibble(b, 8), nibble(b, 4), nibble(b, 0),
    nibble(c, 28), nibble(c, 24), nibble(c, 20), nibble(c, 16), nibble(c, 12), nibble(c, 8), nibble(c, 4), nibble(c, 0),
    nibble(d, 28), nibble(d, 24), nibble(d, 20), nibble(d, 16), nibble(d, 12), nibble(d, 8), nibble(d, 4), nibble(d, 0),
  );
}

/**
 * Sorts findings for reports: most severe first, then by file (locale order), line and check
 * name, equal findings keeping their order.
 */
export function sortFindings(findings: Finding[]): void {
  const n = findings.length;
  const fileRank = localeRanks(findings.map((f) => f.location.file ?? ''));
  const checkRank = localeRanks(findings.map((f) => f.check));
  const keys = new FindingSortKeys(n);
  for (const f of findings) keys.push(f.severity, fileRank.get(f.location.file ?? '')!, f.location.line ?? 0, checkRank.get(f.check)!);
  const sorted = Array.from(keys.order(), (i) => findings[i]!);
  for (let i = 0; i < n; i++) findings[i] = sorted[i]!;
}

/**
 * The report order's sort fields of findings, kept as numbers: each file and check name is
 * ranked once rather than compared once per comparison (locale comparison dominated sorting a
 * few hundred thousand findings), and a streamed scan keeps these instead of the findings.
 */
export class FindingSortKeys {
  private severity: Uint8Array;
  private file: Uint32Array;
  private line: Float64Array;
  private check: Uint32Array;
  private count = 0;

  constructor(capacity = 1024) {
    const n = Math.max(1, capacity);
    this.severity = new Uint8Array(n);
    this.file = new Uint32Array(n);
    this.line = new Float64Array(n);
    this.check = new Uint32Array(n);
  }

  get length(): number {
    return this.count;
  }

  /** `file` and `check` are ranks, or ids the caller maps to ranks before ordering. */
  push(severity: Severity, file: number, line: number, check: number): void {
    if (this.count === this.severity.length) this.grow();
    const i = this.count++;
    this.severity[i] = severityRank(severity);
    this.file[i] = file;
    this.line[i] = line;
    this.check[i] = check;
  }

  /** Indices in report order. */
  order(): Uint32Array {
    return reportOrder(this.arrays());
  }

  /** The keys pushed so far, as arrays (views of the keys' own storage). */
  arrays(): SortKeyArrays {
    const n = this.count;
    return { severity: this.severity.subarray(0, n), file: this.file.subarray(0, n), line: this.line.subarray(0, n), check: this.check.subarray(0, n) };
  }

  private grow(): void {
    const n = this.severity.length * 2;
    this.severity = withLength(this.severity, new Uint8Array(n));
    this.file = withLength(this.file, new Uint32Array(n));
    this.line = withLength(this.line, new Float64Array(n));
    this.check = withLength(this.check, new Uint32Array(n));
  }
}

function withLength<T extends Uint8Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Sort fields of n findings: severity rank, file rank, line, check rank. */
export interface SortKeyArrays {
  severity: Uint8Array;
  file: Uint32Array;
  line: Float64Array;
  check: Uint32Array;
}

/** Indices of the findings in report order, equal ones keeping their order. */
export function reportOrder(keys: SortKeyArrays): Uint32Array {
  const { severity, file, line, check } = keys;
  const order = new Uint32Array(severity.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => severity[a]! - severity[b]! || file[a]! - file[b]! || line[a]! - line[b]! || check[a]! - check[b]! || a - b);
  return order;
}

/** Rank of each distinct value in locale order; values localeCompare calls equal share a rank. */
export function localeRanks(values: readonly string[]): Map<string, number> {
  const distinct = [...new Set(values)].sort((a, b) => a.localeCompare(b));
  const rank = new Map<string, number>();
  distinct.forEach((value, i) => {
    rank.set(value, i > 0 && distinct[i - 1]!.localeCompare(value) === 0 ? rank.get(distinct[i - 1]!)! : i);
  });
  return rank;
}
