import type { InstalledPackage } from '../image/package.js';
import { baseEcosystem } from '../image/version/index.js';
import type { Db } from './database.js';

export interface StoredImage {
  digest: string;
  reference: string;
  os?: string;
  scannedAt: string;
  matchedAt?: string;
}

/** A match as remembered between runs: enough to say what is new and what went away. */
export interface MatchRecord {
  advisoryId: string;
  package: string;
  installed: string;
  fixed?: string;
}

export interface MatchChanges {
  added: MatchRecord[];
  removed: MatchRecord[];
}

function matchId(m: MatchRecord): string {
  return `${m.advisoryId}\u0000${m.package}\u0000${m.installed}`;
}

/**
 * Package inventories of scanned images, keyed by image digest, and the matches last reported
 * for each: the database can then be re-matched without pulling any image again.
 */
export class InventoryStore {
  constructor(readonly db: Db) {}

  save(image: { digest: string; reference: string; os?: string }, packages: InstalledPackage[], now: Date): void {
    const insert = this.db.prepare(
      `INSERT INTO image_packages (digest, ecosystem, base_ecosystem, name, version, source_name, source_version, purl, found_in, layer_digest, arch)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO images (digest, reference, os, scanned_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(digest) DO UPDATE SET reference = excluded.reference, os = excluded.os, scanned_at = excluded.scanned_at`,
        )
        .run(image.digest, image.reference, image.os ?? null, now.toISOString());
      this.db.prepare('DELETE FROM image_packages WHERE digest = ?').run(image.digest);
      for (const p of packages) {
        insert.run(image.digest, p.ecosystem, baseEcosystem(p.ecosystem), p.name, p.version, p.sourceName, p.sourceVersion, p.purl, p.foundIn, p.layerDigest ?? null, p.arch ?? null);
      }
    })();
  }

  images(): StoredImage[] {
    const rows = this.db.prepare('SELECT digest, reference, os, scanned_at, matched_at FROM images ORDER BY reference, digest').all() as Array<
      Record<string, string | null>
    >;
    return rows.map((r) => ({
      digest: r.digest as string,
      reference: r.reference as string,
      ...(r.os ? { os: r.os } : {}),
      scannedAt: r.scanned_at as string,
      ...(r.matched_at ? { matchedAt: r.matched_at } : {}),
    }));
  }

  image(digest: string): StoredImage | undefined {
    return this.images().find((i) => i.digest === digest);
  }

  packages(digest: string): InstalledPackage[] {
    const rows = this.db
      .prepare('SELECT ecosystem, name, version, source_name, source_version, purl, found_in, layer_digest, arch FROM image_packages WHERE digest = ? ORDER BY rowid')
      .all(digest) as Array<Record<string, string | null>>;
    return rows.map((r) => {
      const p: InstalledPackage = {
        ecosystem: r.ecosystem as string,
        name: r.name as string,
        version: r.version as string,
        sourceName: r.source_name as string,
        sourceVersion: r.source_version as string,
        purl: r.purl as string,
        foundIn: r.found_in as string,
      };
      if (r.layer_digest) p.layerDigest = r.layer_digest;
      if (r.arch) p.arch = r.arch;
      return p;
    });
  }

  /** Images holding a package under one of the keys (`baseEcosystem\0name`, by source or binary name). */
  imagesWithPackages(keys: Set<string>): Map<string, Set<string>> {
    const bySource = this.db.prepare('SELECT DISTINCT digest FROM image_packages WHERE base_ecosystem = ? AND (source_name = ? OR name = ?)').pluck();
    const found = new Map<string, Set<string>>();
    for (const key of keys) {
      const [base, name] = key.split('\u0000');
      for (const digest of bySource.all(base, name, name) as string[]) {
        let set = found.get(digest);
        if (!set) found.set(digest, (set = new Set()));
        set.add(key);
      }
    }
    return found;
  }

  previousMatches(digest: string): MatchRecord[] {
    const rows = this.db.prepare('SELECT advisory_id, package, installed, fixed FROM image_matches WHERE digest = ?').all(digest) as Array<
      Record<string, string | null>
    >;
    return rows.map((r) => ({
      advisoryId: r.advisory_id as string,
      package: r.package as string,
      installed: r.installed as string,
      ...(r.fixed ? { fixed: r.fixed } : {}),
    }));
  }

  /**
   * Replaces the remembered matches of an image (or only of the given packages of it) and says
   * which are new since the last match and which no longer apply.
   */
  recordMatches(digest: string, current: MatchRecord[], now: Date, onlyPackages?: Set<string>): MatchChanges {
    const inScope = (m: MatchRecord): boolean => !onlyPackages || onlyPackages.has(m.package);
    const previous = this.previousMatches(digest).filter(inScope);
    const previousIds = new Set(previous.map(matchId));
    const currentIds = new Set(current.map(matchId));
    const added = current.filter((m) => !previousIds.has(matchId(m)));
    const removed = previous.filter((m) => !currentIds.has(matchId(m)));
    const at = now.toISOString();
    this.db.transaction(() => {
      const upsert = this.db.prepare(
        `INSERT INTO image_matches (digest, advisory_id, package, installed, fixed, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(digest, advisory_id, package, installed) DO UPDATE SET fixed = excluded.fixed, last_seen = excluded.last_seen`,
      );
      for (const m of current) upsert.run(digest, m.advisoryId, m.package, m.installed, m.fixed ?? null, at, at);
      const remove = this.db.prepare('DELETE FROM image_matches WHERE digest = ? AND advisory_id = ? AND package = ? AND installed = ?');
      for (const m of removed) remove.run(digest, m.advisoryId, m.package, m.installed);
      this.db.prepare('UPDATE images SET matched_at = ? WHERE digest = ?').run(at, digest);
    })();
    return { added, removed };
  }
}
