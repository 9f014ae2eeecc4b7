/**
 * The operator's images: every image the watched workloads run is assessed once (pulled only when
 * the vulnerability database has never stored its digest), a few at a time, and re-matched, never
 * pulled again, when the database's data changes.
 *
 * How a database change is seen: `stockade db update` and `stockade db import` mark each
 * ecosystem they import in the database's `feeds` table (its update marker, written after the
 * records). The operator reads that small table every poll interval and re-matches only the images
 * holding packages of an ecosystem whose mark moved. The marker is read before each match, so an
 * import that finishes during a match is seen at the next poll. A file watch would not do: the
 * database writes through its write-ahead log (the file itself changes only at checkpoints) and
 * mounted volumes (ConfigMaps, network file systems) often deliver no events; a rescan of every
 * image on a timer would re-match unchanged data for nothing. A database file replaced by another
 * one (a new file renamed over it) is seen by its inode and reopened.
 */
import { statSync } from 'node:fs';
import type { Finding } from '../core/finding.js';
import { oneLine } from '../core/errors.js';
import type { RegistryOptions } from '../image/registry/client.js';
import { findingsForWorkloads, type ImageUse } from '../image/workloads.js';
import { openVulnDb, type VulnDb } from '../image/vuln/index.js';
import { assessImage, rematchStored, type ImageVulnerabilities } from './image-vulns.js';

export interface OperatorImageOptions {
  /** The vulnerability database file (SQLite), shared with `stockade db update` / `db import`. */
  dbPath: string;
  registry: RegistryOptions;
  /** Images assessed at once (each pull reads layers concurrently too). */
  concurrency?: number;
  /** An image that could not be read is tried again after this long. */
  retryMs?: number;
}

export interface OperatorImageHooks {
  /** Findings of some image changed: the reports need rewriting. */
  changed(): void;
  log(line: string): void;
  assessed(source: ImageVulnerabilities['source']): void;
  failed(): void;
  /** The database's data changed; `images` were re-matched. */
  databaseChanged(images: number): void;
}

interface TrackedImage {
  assessed: ImageVulnerabilities;
  /** The ecosystems' update marks the assessment was made against. */
  marks: Map<string, string | undefined>;
}

function fileIdentity(path: string): string | undefined {
  try {
    const stats = statSync(path);
    return `${stats.dev}:${stats.ino}`;
  } catch {
    return undefined;
  }
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  const prints = new Set(a.map((f) => `${f.fingerprint}\u0000${f.severity}`));
  return b.every((f) => prints.has(`${f.fingerprint}\u0000${f.severity}`));
}

export class OperatorImages {
  private vdb: VulnDb;
  private identity: string | undefined;
  private readonly tracked = new Map<string, TrackedImage>();
  private readonly retryAt = new Map<string, number>();
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly options: OperatorImageOptions,
    private readonly hooks: OperatorImageHooks,
  ) {
    this.vdb = openVulnDb(options.dbPath);
    this.identity = fileIdentity(options.dbPath);
  }

  /** Images assessed so far. */
  get size(): number {
    return this.tracked.size;
  }

  /** The assessment of one image (by its normalised reference). */
  image(reference: string): ImageVulnerabilities | undefined {
    return this.tracked.get(reference)?.assessed;
  }

  /**
   * The images the workloads run now: forgets those no workload runs any more and queues those
   * not yet assessed (each once, however many workloads run it).
   */
  want(uses: readonly ImageUse[], nowMs: number): void {
    if (this.closed) return;
    const wanted = new Set(uses.map((u) => u.image));
    for (const reference of [...this.tracked.keys()]) if (!wanted.has(reference)) this.tracked.delete(reference);
    for (const reference of wanted) {
      if (this.tracked.has(reference) || this.queued.has(reference) || (this.retryAt.get(reference) ?? 0) > nowMs) continue;
      this.queued.add(reference);
      this.queue.push(reference);
    }
    this.pump();
  }

  /** Every vulnerability of every assessed image, on each workload container that runs it. */
  findings(uses: readonly ImageUse[]): Finding[] {
    const byImage = new Map<string, readonly Finding[]>();
    for (const [reference, image] of this.tracked) byImage.set(reference, image.assessed.findings);
    return findingsForWorkloads(uses, byImage);
  }

  /** Resolves when no image is queued or being assessed. */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Looks at the database's update marks; re-matches the stored inventories of the images whose
   * ecosystems were updated since they were matched. Returns how many images were re-matched.
   */
  checkDatabase(now: Date): number {
    if (this.closed) return 0;
    const identity = fileIdentity(this.options.dbPath);
    if (identity !== this.identity) return this.reopen(identity);
    // Every image is compared with its own marks: an image assessed while an import was running
    // holds the marks from before it, whatever an earlier poll saw.
    const marks = this.vdb.advisories.feedMarks();
    let rematched = 0;
    let changed = false;
    for (const [reference, image] of [...this.tracked]) {
      if (![...image.marks].some(([ecosystem, mark]) => marks.get(ecosystem) !== mark)) continue;
      const marksNow = marksOf(marks, image.assessed.ecosystems);
      let again: ImageVulnerabilities;
      try {
        again = rematchStored(this.vdb, reference, image.assessed.digest, now);
      } catch (error) {
        // The stored inventory is gone (database pruned): assess the image afresh.
        this.hooks.log(`${reference}: cannot re-match (${oneLine(error)}); assessing it again`);
        this.tracked.delete(reference);
        changed = true;
        continue;
      }
      rematched++;
      for (const m of again.matches.filter((m) => !image.assessed.matches.some((p) => p.id === m.id && p.package.name === m.package.name))) {
        this.hooks.log(`${reference}: ${m.id} now affects ${m.package.name} ${m.package.version}`);
      }
      if (!sameFindings(image.assessed.findings, again.findings)) changed = true;
      this.tracked.set(reference, { assessed: again, marks: marksNow });
    }
    if (rematched > 0) this.hooks.databaseChanged(rematched);
    if (changed) this.hooks.changed();
    return rematched;
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.vdb.close();
    this.resolveIdle();
  }

  /** A different file now sits at the path: open it and assess every image against it. */
  private reopen(identity: string | undefined): number {
    this.hooks.log(`vulnerability database ${this.options.dbPath} was replaced; reopening it`);
    this.vdb.close();
    this.vdb = openVulnDb(this.options.dbPath);
    this.identity = identity ?? fileIdentity(this.options.dbPath);
    const count = this.tracked.size;
    this.tracked.clear();
    this.retryAt.clear();
    this.hooks.databaseChanged(count);
    // The next report write asks for the images again (want), now from the new file.
    this.hooks.changed();
    return count;
  }

  private pump(): void {
    while (!this.closed && this.running < (this.options.concurrency ?? 2) && this.queue.length > 0) {
      const reference = this.queue.shift()!;
      this.running++;
      void this.assess(reference).finally(() => {
        this.running--;
        this.queued.delete(reference);
        this.pump();
        if (this.running === 0 && this.queue.length === 0) this.resolveIdle();
      });
    }
  }

  private async assess(reference: string): Promise<void> {
    const vdb = this.vdb;
    const marks = vdb.advisories.feedMarks();
    try {
      const assessed = await assessImage(vdb, reference, { registry: this.options.registry, now: new Date() });
      if (this.closed) return;
      // The file was replaced meanwhile: this result belongs to the old database; ask again.
      if (vdb !== this.vdb) return this.hooks.changed();
      if (!assessed) return;
      this.tracked.set(reference, { assessed, marks: marksOf(marks, assessed.ecosystems) });
      this.retryAt.delete(reference);
      this.hooks.assessed(assessed.source);
      this.hooks.log(`${reference}: ${assessed.packages} packages, ${assessed.matches.length} vulnerabilities (${assessed.source === 'registry' ? 'pulled' : 'stored inventory'})`);
      this.hooks.changed();
    } catch (error) {
      if (this.closed) return;
      if (vdb !== this.vdb) return this.hooks.changed();
      this.retryAt.set(reference, Date.now() + (this.options.retryMs ?? 15 * 60_000));
      this.hooks.failed();
      this.hooks.log(`${reference}: cannot scan the image: ${oneLine(error)}`);
    }
  }

  private resolveIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function marksOf(marks: Map<string, string>, ecosystems: Iterable<string>): Map<string, string | undefined> {
  return new Map([...ecosystems].map((e) => [e, marks.get(e)]));
}
