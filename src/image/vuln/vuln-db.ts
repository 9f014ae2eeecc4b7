import { AdvisoryStore, CandidateReader, candidatePosition, severityList, severityText, type CandidateRow } from '../../store/advisories.js';
import { defaultDbPath, openDatabase, type Db } from '../../store/database.js';
import { InventoryStore } from '../../store/inventories.js';
import type { InstalledPackage } from '../package.js';
import { baseEcosystem, comparatorFor, releaseOf, type VersionComparator } from '../version/index.js';
import type { CvssScore } from './cvss.js';
import { advisoryKey, flatVerdict, reportMatch, scoresOf, type MatchInfo, type VulnerabilityMatch } from './match.js';

/** The vulnerability database: advisories, stored image inventories and their match history. */
export interface VulnDb {
  path: string;
  db: Db;
  advisories: AdvisoryStore;
  inventories: InventoryStore;
  close(): void;
}

export function openVulnDb(path: string = defaultDbPath()): VulnDb {
  const db = openDatabase(path);
  return { path, db, advisories: new AdvisoryStore(db), inventories: new InventoryStore(db), close: () => db.close() };
}

/**
 * Severity lists repeat across thousands of advisories: each stored list is scored once per
 * process (bounded: cleared when full), and its matches share the frozen scores. A list per match
 * was 12,496 small arrays that outlived every scavenge of a 1,000-package match.
 */
const cvssByStoredSeverity = new Map<string, readonly CvssScore[]>();

function cvssOf(stored: string): readonly CvssScore[] {
  let scores = cvssByStoredSeverity.get(stored);
  if (!scores) {
    if (cvssByStoredSeverity.size >= 50_000) cvssByStoredSeverity.clear();
    const list = severityList(stored);
    scores = Object.freeze(scoresOf(list));
    // Kept under a fresh copy of the text: the one read is part of its whole candidate row.
    cvssByStoredSeverity.set(severityText(list), scores);
  }
  return scores;
}

type AdvisoryKey = ReturnType<typeof advisoryKey>;

/** The match a candidate row reports: its advisory's names, scores and severity. */
function describe(pkg: InstalledPackage, key: AdvisoryKey, row: CandidateReader, ecosystem: string, fixed: string | undefined): VulnerabilityMatch {
  const [aliases, summary, urgency] = row.info();
  const info: MatchInfo = { advisoryId: row.advisoryId(), ecosystem, aliases };
  if (summary !== null) info.summary = summary;
  if (urgency !== null) info.urgency = urgency;
  return reportMatch(pkg, key, info, cvssOf(row.severity()), fixed);
}

const reader = new CandidateReader();

/**
 * One package against its candidate rows (`rows[from..to)`), all of its base ecosystem (whose
 * version order is `compare`): one match per advisory, from its first affecting entry, with the
 * first fix any of them names.
 */
function matchRows(
  pkg: InstalledPackage,
  key: AdvisoryKey,
  compare: VersionComparator | undefined,
  rows: CandidateRow[],
  from: number,
  to: number,
): VulnerabilityMatch[] {
  const byAdvisory = new Map<string, { row: CandidateRow; ecosystem: string; fixed?: string }>();
  for (let r = from; r < to; r++) {
    const row = rows[r];
    const [ecosystem, ranges, versions] = reader.read(row).match();
    const verdict = flatVerdict(compare, ranges, versions, key.version);
    if (verdict === false) continue;
    const fixed = verdict === true ? undefined : verdict;
    const advisory = reader.advisoryKey();
    const previous = byAdvisory.get(advisory);
    if (previous) previous.fixed ??= fixed;
    else byAdvisory.set(advisory, { row, ecosystem, fixed });
  }
  const out: VulnerabilityMatch[] = [];
  for (const { row, ecosystem, fixed } of byAdvisory.values()) out.push(describe(pkg, key, reader.read(row), ecosystem, fixed));
  return out;
}

/**
 * Package names per candidate statement. Few enough that a statement's rows are gone before the
 * next garbage collection, which otherwise copies them (and every match so far) around the heap.
 */
const NAMES_PER_STATEMENT = 64;

/**
 * Matches packages against the stored advisories, in package order. Candidates are fetched with one
 * statement per ecosystem release and batch of names (many binary packages share one source
 * package), and kept as stored text only while the packages of those names are matched.
 */
export function matchPackages(vdb: VulnDb, packages: InstalledPackage[]): VulnerabilityMatch[] {
  const keys = packages.map(advisoryKey);
  const groups = new Map<string, { base: string; release: string; byName: Map<string, number[]> }>();
  packages.forEach((pkg, i) => {
    const release = releaseOf(pkg.ecosystem);
    const id = `${keys[i].base}\u0000${release}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { base: keys[i].base, release, byName: new Map() }));
    const members = group.byName.get(keys[i].name);
    if (members) members.push(i);
    else group.byName.set(keys[i].name, [i]);
  });
  const perPackage: VulnerabilityMatch[][] = new Array(packages.length);
  for (const { base, release, byName } of groups.values()) {
    // Every candidate of the group has its base ecosystem, hence its version order.
    const compare = comparatorFor(base);
    const names = [...byName.keys()];
    for (let first = 0; first < names.length; first += NAMES_PER_STATEMENT) {
      const batch = names.slice(first, first + NAMES_PER_STATEMENT);
      const rows = vdb.advisories.candidates(base, release, batch);
      // Each name's rows, in the order the store gives them: a counting sort by name position.
      const starts = new Int32Array(batch.length + 1);
      const positions = rows.map(candidatePosition);
      for (const position of positions) starts[position + 1]++;
      for (let p = 0; p < batch.length; p++) starts[p + 1] += starts[p];
      const ordered = new Array<CandidateRow>(rows.length);
      const next = starts.slice(0, batch.length);
      rows.forEach((row, r) => {
        ordered[next[positions[r]]++] = row;
      });
      batch.forEach((name, position) => {
        for (const i of byName.get(name)!) perPackage[i] = matchRows(packages[i], keys[i], compare, ordered, starts[position], starts[position + 1]);
      });
    }
  }
  return perPackage.flat();
}

export interface EcosystemStatus {
  ecosystem: string;
  advisories: number;
  newestModified?: string;
  updatedAt?: string;
  /** Milliseconds since the data was imported; undefined when never recorded. */
  ageMs?: number;
  stale: boolean;
}

/** Default staleness limit: a week, like Grype's default `max-allowed-built-age` is five days. */
export const DEFAULT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export function ecosystemStatus(vdb: VulnDb, now: Date, maxAgeMs = DEFAULT_MAX_AGE_MS): EcosystemStatus[] {
  return vdb.advisories.ecosystems().map((e) => {
    const ageMs = e.updatedAt ? now.getTime() - Date.parse(e.updatedAt) : undefined;
    return { ...e, ...(ageMs !== undefined ? { ageMs } : {}), stale: ageMs === undefined || ageMs > maxAgeMs };
  });
}

export function formatAge(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 1) return `${Math.max(0, Math.round(ms / 60_000))}m`;
  if (hours < 48) return `${Math.round(hours)}h`;
  return `${Math.round(hours / 24)}d`;
}

/**
 * Warnings for the ecosystems of the scanned packages whose data is older than the limit or
 * missing altogether: a clean result from stale data must not look like a clean image.
 */
export function freshnessWarnings(vdb: VulnDb, packages: InstalledPackage[], now: Date, maxAgeMs = DEFAULT_MAX_AGE_MS): string[] {
  const wanted = new Set(packages.map((p) => baseEcosystem(p.ecosystem)));
  const known = new Map(ecosystemStatus(vdb, now, maxAgeMs).map((s) => [s.ecosystem, s]));
  const warnings: string[] = [];
  for (const ecosystem of [...wanted].sort()) {
    const status = known.get(ecosystem);
    if (!status) warnings.push(`no vulnerability data for ${ecosystem}: run \`stockade db update\` (or \`db import\`)`);
    else if (status.stale) {
      warnings.push(
        status.ageMs === undefined
          ? `vulnerability data for ${ecosystem} has no recorded update time`
          : `vulnerability data for ${ecosystem} is ${formatAge(status.ageMs)} old (limit ${formatAge(maxAgeMs)}): run \`stockade db update\``,
      );
    }
  }
  return warnings;
}
