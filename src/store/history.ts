import { SEVERITIES, type Finding, type Severity } from '../core/finding.js';
import type { Inventory } from '../core/inventory.js';
import { namespaceOf } from '../core/k8s/object.js';
import { postureScore } from '../report/html.js';
import type { ScanReport } from '../report/model.js';
import { maskExcerpt } from './history-mask.js';
import { networkGraphOf, rbacGraphOf, type NetworkGraph, type RbacGraph } from './history-graphs.js';
import { openDatabase, type Db } from './database.js';

/**
 * Scan history lives beside the vulnerability tables in the same file but in tables of its own
 * (`history_*`), created when first needed: the vulnerability schema's migrations stay untouched.
 */
const HISTORY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS history_scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scanned_at TEXT NOT NULL,
    target TEXT NOT NULL,             -- JSON list of the paths scanned
    tool_version TEXT NOT NULL,
    resources INTEGER NOT NULL,
    score INTEGER NOT NULL,           -- postureScore of the report
    counts TEXT NOT NULL,             -- JSON {severity: active findings}
    suppressed INTEGER NOT NULL,
    namespaces TEXT NOT NULL          -- JSON {namespace: resources}
  );
  CREATE TABLE IF NOT EXISTS history_findings (
    scan_id INTEGER NOT NULL REFERENCES history_scans(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    check_id TEXT NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    message TEXT NOT NULL,
    kind TEXT NOT NULL,
    namespace TEXT,
    name TEXT NOT NULL,
    file TEXT,
    line INTEGER,
    path TEXT,
    fingerprint TEXT NOT NULL,
    remediation TEXT NOT NULL,
    suppression TEXT,                 -- JSON {by, reason, owner?, expires?}
    exception_expired TEXT,           -- expiry date of an exception that no longer applies
    source_id INTEGER,                -- history_sources row of the finding's document
    PRIMARY KEY (scan_id, idx)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS history_sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_id INTEGER NOT NULL REFERENCES history_scans(id) ON DELETE CASCADE,
    file TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    text TEXT NOT NULL                -- the document with credential values masked
  );
  CREATE INDEX IF NOT EXISTS history_sources_by_scan ON history_sources(scan_id);
  CREATE TABLE IF NOT EXISTS history_graphs (
    scan_id INTEGER NOT NULL REFERENCES history_scans(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,               -- rbac | network
    data TEXT NOT NULL,
    PRIMARY KEY (scan_id, kind)
  );
  CREATE TABLE IF NOT EXISTS history_images (
    scan_id INTEGER NOT NULL REFERENCES history_scans(id) ON DELETE CASCADE,
    image TEXT NOT NULL,
    kind TEXT NOT NULL,
    namespace TEXT,
    name TEXT NOT NULL,
    container TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS history_images_by_scan ON history_images(scan_id);
`;

/** Opens the database with the history tables present. */
export function openHistory(path: string): Db {
  const db = openDatabase(path);
  db.exec(HISTORY_SCHEMA);
  return db;
}

export interface ScanSummary {
  id: number;
  scannedAt: string;
  target: string[];
  toolVersion: string;
  resources: number;
  score: number;
  counts: Record<Severity, number>;
  suppressed: number;
  namespaces: Record<string, number>;
}

export interface RecordOptions {
  target: string[];
  now: Date;
}

/** Stores one scan: its summary, every finding, masked source documents, graphs and images. */
export function recordScan(db: Db, report: ScanReport, inventory: Inventory, options: RecordOptions): number {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let suppressed = 0;
  for (const f of report.findings) {
    if (f.suppressed) suppressed++;
    else counts[f.severity]++;
  }
  const namespaces: Record<string, number> = {};
  for (const entry of inventory.entries) {
    const ns = namespaceOf(entry.object) ?? '';
    namespaces[ns] = (namespaces[ns] ?? 0) + 1;
  }
  const rbac = rbacGraphOf(inventory);
  const network = networkGraphOf(inventory);
  return db.transaction(() => {
    const id = Number(
      db
        .prepare(
          `INSERT INTO history_scans (scanned_at, target, tool_version, resources, score, counts, suppressed, namespaces)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(options.now.toISOString(), JSON.stringify(options.target), report.tool.version, report.resources, postureScore(report), JSON.stringify(counts), suppressed, JSON.stringify(namespaces))
        .lastInsertRowid,
    );
    const insertSource = db.prepare('INSERT INTO history_sources (scan_id, file, first_line, text) VALUES (?, ?, ?, ?)');
    const sourceIds = new Map<string, number>();
    const insertFinding = db.prepare(
      `INSERT INTO history_findings (scan_id, idx, check_id, code, severity, category, title, message, kind, namespace, name, file, line, path,
         fingerprint, remediation, suppression, exception_expired, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    report.findings.forEach((f: Finding, idx) => {
      const source = report.sourceOf?.(f);
      let sourceId: number | null = null;
      if (source) {
        const key = `${source.file}\u0000${source.firstLine}`;
        let known = sourceIds.get(key);
        if (known === undefined) {
          known = Number(insertSource.run(id, source.file, source.firstLine, maskExcerpt(source.text)).lastInsertRowid);
          sourceIds.set(key, known);
        }
        sourceId = known;
      }
      insertFinding.run(
        id,
        idx,
        f.check,
        f.code,
        f.severity,
        f.category,
        f.title,
        f.message,
        f.resource.kind,
        f.resource.namespace ?? null,
        f.resource.name,
        f.location.rendered?.file ?? f.location.file ?? null,
        f.location.rendered?.line ?? f.location.line ?? null,
        f.location.path ?? null,
        f.fingerprint,
        f.remediation,
        f.suppressed ? JSON.stringify(f.suppressed) : null,
        f.exceptionExpired?.expires ?? null,
        sourceId,
      );
    });
    const insertGraph = db.prepare('INSERT INTO history_graphs (scan_id, kind, data) VALUES (?, ?, ?)');
    insertGraph.run(id, 'rbac', JSON.stringify(rbac));
    insertGraph.run(id, 'network', JSON.stringify(network));
    const insertImage = db.prepare('INSERT INTO history_images (scan_id, image, kind, namespace, name, container) VALUES (?, ?, ?, ?, ?, ?)');
    for (const entry of inventory.entries) {
      const workload = inventory.workloadOf(entry);
      if (!workload) continue;
      for (const c of workload.containers) {
        if (typeof c.container.image !== 'string' || c.container.image === '') continue;
        insertImage.run(id, c.container.image, entry.object.kind, namespaceOf(entry.object) ?? null, entry.object.metadata?.name ?? '', c.name);
      }
    }
    return id;
  })();
}

/** Opens the database, records the scan and closes it: what `stockade scan --record` does. */
export function recordScanToFile(path: string, report: ScanReport, inventory: Inventory, options: RecordOptions): number {
  const db = openHistory(path);
  try {
    return recordScan(db, report, inventory, options);
  } finally {
    db.close();
  }
}

type Row = Record<string, unknown>;

function summaryOf(r: Row): ScanSummary {
  return {
    id: r.id as number,
    scannedAt: r.scanned_at as string,
    target: JSON.parse(r.target as string) as string[],
    toolVersion: r.tool_version as string,
    resources: r.resources as number,
    score: r.score as number,
    counts: JSON.parse(r.counts as string) as Record<Severity, number>,
    suppressed: r.suppressed as number,
    namespaces: JSON.parse(r.namespaces as string) as Record<string, number>,
  };
}

export interface StoredFinding {
  idx: number;
  check: string;
  code: string;
  severity: Severity;
  category: string;
  title: string;
  message: string;
  kind: string;
  namespace?: string;
  name: string;
  file?: string;
  line?: number;
  path?: string;
  fingerprint: string;
  remediation: string;
  suppression?: { by: string; reason: string; owner?: string; expires?: string };
  exceptionExpired?: string;
  sourceId?: number;
}

function findingOf(r: Row): StoredFinding {
  const f: StoredFinding = {
    idx: r.idx as number,
    check: r.check_id as string,
    code: r.code as string,
    severity: r.severity as Severity,
    category: r.category as string,
    title: r.title as string,
    message: r.message as string,
    kind: r.kind as string,
    name: r.name as string,
    fingerprint: r.fingerprint as string,
    remediation: r.remediation as string,
  };
  if (r.namespace !== null) f.namespace = r.namespace as string;
  if (r.file !== null) f.file = r.file as string;
  if (r.line !== null) f.line = r.line as number;
  if (r.path !== null) f.path = r.path as string;
  if (r.suppression !== null) f.suppression = JSON.parse(r.suppression as string) as StoredFinding['suppression'];
  if (r.exception_expired !== null) f.exceptionExpired = r.exception_expired as string;
  if (r.source_id !== null) f.sourceId = r.source_id as number;
  return f;
}

/** Read-only queries over the recorded history, for the dashboard. */
export class HistoryReader {
  constructor(readonly db: Db) {}

  scans(): ScanSummary[] {
    return (this.db.prepare('SELECT * FROM history_scans ORDER BY id').all() as Row[]).map(summaryOf);
  }

  scan(id: number): ScanSummary | undefined {
    const row = this.db.prepare('SELECT * FROM history_scans WHERE id = ?').get(id) as Row | undefined;
    return row ? summaryOf(row) : undefined;
  }

  latestId(): number | undefined {
    return (this.db.prepare('SELECT max(id) FROM history_scans').pluck().get() as number | null) ?? undefined;
  }

  findings(scanId: number): StoredFinding[] {
    return (this.db.prepare('SELECT * FROM history_findings WHERE scan_id = ? ORDER BY idx').all(scanId) as Row[]).map(findingOf);
  }

  /**
   * Active findings per namespace and severity, and per namespace the resources with an active
   * high or critical finding: the figures of the posture view, counted by SQLite.
   */
  namespaceCounts(scanId: number): { counts: { namespace: string; severity: Severity; n: number }[]; bad: Map<string, number> } {
    const counts = (
      this.db
        .prepare(
          `SELECT coalesce(namespace, '') AS namespace, severity, count(*) AS n FROM history_findings
           WHERE scan_id = ? AND suppression IS NULL GROUP BY 1, 2`,
        )
        .all(scanId) as Row[]
    ).map((r) => ({ namespace: r.namespace as string, severity: r.severity as Severity, n: r.n as number }));
    const bad = new Map<string, number>();
    const rows = this.db
      .prepare(
        `SELECT coalesce(namespace, '') AS namespace, count(DISTINCT kind || '/' || name) AS n FROM history_findings
         WHERE scan_id = ? AND suppression IS NULL AND severity IN ('critical', 'high') GROUP BY 1`,
      )
      .all(scanId) as Row[];
    for (const r of rows) bad.set(r.namespace as string, r.n as number);
    return { counts, bad };
  }

  source(scanId: number, sourceId: number): { file: string; firstLine: number; text: string } | undefined {
    const row = this.db.prepare('SELECT file, first_line, text FROM history_sources WHERE scan_id = ? AND id = ?').get(scanId, sourceId) as Row | undefined;
    return row ? { file: row.file as string, firstLine: row.first_line as number, text: row.text as string } : undefined;
  }

  rbacGraph(scanId: number): RbacGraph | undefined {
    return this.graph(scanId, 'rbac') as RbacGraph | undefined;
  }

  networkGraph(scanId: number): NetworkGraph | undefined {
    return this.graph(scanId, 'network') as NetworkGraph | undefined;
  }

  private graph(scanId: number, kind: string): unknown {
    const data = this.db.prepare('SELECT data FROM history_graphs WHERE scan_id = ? AND kind = ?').pluck().get(scanId, kind) as string | undefined;
    return data === undefined ? undefined : JSON.parse(data);
  }

  /**
   * Images the scan's workloads run, with the vulnerabilities `stockade image` matched for them
   * when the vulnerability tables know the image by the same reference.
   */
  images(scanId: number, withVulnerabilities: boolean): { image: string; workloads: { kind: string; namespace?: string; name: string; container: string }[]; vulnerabilities: { advisory: string; package: string; installed: string; fixed?: string }[] }[] {
    const rows = this.db.prepare('SELECT image, kind, namespace, name, container FROM history_images WHERE scan_id = ? ORDER BY image, namespace, name').all(scanId) as Row[];
    const byImage = new Map<string, { kind: string; namespace?: string; name: string; container: string }[]>();
    for (const r of rows) {
      let list = byImage.get(r.image as string);
      if (!list) byImage.set(r.image as string, (list = []));
      list.push({ kind: r.kind as string, ...(r.namespace !== null ? { namespace: r.namespace as string } : {}), name: r.name as string, container: r.container as string });
    }
    const matches = withVulnerabilities
      ? this.db.prepare(
      `SELECT m.advisory_id, m.package, m.installed, m.fixed FROM image_matches m JOIN images i ON i.digest = m.digest
       WHERE i.reference = ? ORDER BY m.advisory_id, m.package`,
        )
      : undefined;
    return [...byImage].map(([image, workloads]) => ({
      image,
      workloads,
      vulnerabilities: ((matches?.all(image) ?? []) as Row[]).map((m) => ({
        advisory: m.advisory_id as string,
        package: m.package as string,
        installed: m.installed as string,
        ...(m.fixed !== null ? { fixed: m.fixed as string } : {}),
      })),
    }));
  }
}
