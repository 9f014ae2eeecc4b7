import type { FindingSink } from '../core/engine.js';
import { FindingSortKeys, localeRanks, reportOrder, SEVERITIES, type Finding, type Severity, type SortKeyArrays } from '../core/finding.js';
import type { InventoryEntry } from '../core/inventory.js';
import type { FieldPath } from '../core/path.js';
import { locate } from '../load/locate.js';
import { FindingEncoder, type EncodedBytes } from '../report/finding-encoder.js';
import type { EncodedFindings } from '../report/model.js';

/**
 * The findings of (a share of) a scan as they were made: encoded, with their sort keys (files
 * and checks as ids into `files` and `checks`) and counts. Plain data: a worker thread hands it
 * over, its byte chunks shared, not copied.
 */
export interface StreamedPart {
  bytes: EncodedBytes;
  keys: SortKeyArrays;
  files: string[];
  checks: string[];
  bySeverity: Record<Severity, number>;
  suppressed: number;
  failingByCheck: [string, number][];
}

/**
 * Receives findings from the engine, locates each in its source, drops those of the baseline,
 * and encodes the rest at once: nothing is kept per finding but its bytes and sort keys.
 */
export class StreamedFindings {
  private readonly encoder = new FindingEncoder();
  private readonly keys = new FindingSortKeys();
  private readonly fileIds = new Map<string, number>();
  private readonly checkIds = new Map<string, number>();
  private readonly bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  private readonly failingByCheck = new Map<string, number>();
  private suppressed = 0;

  constructor(private readonly baseline?: ReadonlySet<string>) {}

  readonly sink: FindingSink = (finding, entry, path) => {
    if (entry) finding.location = locatedIn(entry, path, finding.location.path);
    if (this.baseline?.has(finding.fingerprint)) return;
    this.encoder.encode(finding);
    this.keys.push(finding.severity, idOf(this.fileIds, finding.location.file ?? ''), finding.location.line ?? 0, idOf(this.checkIds, finding.check));
    if (finding.suppressed) this.suppressed++;
    else {
      this.bySeverity[finding.severity]++;
      this.failingByCheck.set(finding.check, (this.failingByCheck.get(finding.check) ?? 0) + 1);
    }
  };

  part(): StreamedPart {
    return {
      bytes: this.encoder.encoded(),
      keys: this.keys.arrays(),
      files: [...this.fileIds.keys()],
      checks: [...this.checkIds.keys()],
      bySeverity: this.bySeverity,
      suppressed: this.suppressed,
      failingByCheck: [...this.failingByCheck],
    };
  }
}

/** File and line of a finding's field in its source, keeping the field path. */
export function locatedIn(entry: InventoryEntry, path: FieldPath | undefined, text: string | undefined): Finding['location'] {
  const where = locate(entry.origin, path);
  if (text !== undefined) where.path = text;
  return where;
}

function idOf(ids: Map<string, number>, value: string): number {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = ids.size));
  return id;
}

/**
 * The findings of several parts in report order, as if one scan had made them all: parts in
 * the order their findings were made (entries in inventory order, then inventory-wide checks),
 * so that equal findings keep the order of a single-threaded scan.
 */
export function mergeParts(parts: readonly StreamedPart[]): EncodedFindings {
  const fileRanks = localeRanks(parts.flatMap((p) => p.files));
  const checkRanks = localeRanks(parts.flatMap((p) => p.checks));
  const total = parts.reduce((n, p) => n + p.keys.severity.length, 0);
  const keys: SortKeyArrays = { severity: new Uint8Array(total), file: new Uint32Array(total), line: new Float64Array(total), check: new Uint32Array(total) };
  const partOf = new Uint8Array(total);
  const indexIn = new Uint32Array(total);
  let offset = 0;
  parts.forEach((part, p) => {
    const n = part.keys.severity.length;
    const fileRank = part.files.map((f) => fileRanks.get(f)!);
    const checkRank = part.checks.map((c) => checkRanks.get(c)!);
    keys.severity.set(part.keys.severity, offset);
    keys.line.set(part.keys.line, offset);
    for (let i = 0; i < n; i++) {
      keys.file[offset + i] = fileRank[part.keys.file[i]!]!;
      keys.check[offset + i] = checkRank[part.keys.check[i]!]!;
      partOf[offset + i] = p;
      indexIn[offset + i] = i;
    }
    offset += n;
  });
  const order = reportOrder(keys);
  const chunks = parts.map((p) => p.bytes.chunks.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, parts.reduce((n, p) => n + p.bySeverity[s], 0)])) as Record<Severity, number>;
  const failingByCheck = new Map<string, number>();
  for (const part of parts) for (const [check, n] of part.failingByCheck) failingByCheck.set(check, (failingByCheck.get(check) ?? 0) + n);
  return {
    length: total,
    elementOf: (i) => {
      const g = order[i]!;
      const p = partOf[g]!;
      const bytes = parts[p]!.bytes;
      const j = indexIn[g]!;
      return chunks[p]![bytes.chunkOf[j]!]!.subarray(bytes.startOf[j]!, bytes.endOf[j]!);
    },
    bySeverity,
    suppressed: parts.reduce((n, p) => n + p.suppressed, 0),
    failingByCheck,
  };
}
