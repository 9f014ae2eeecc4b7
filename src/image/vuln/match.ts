/**
 * Matching installed packages against OSV affected entries: pure functions, no I/O.
 * An entry applies when its ecosystem is the package's (release included: `Debian:12` matches
 * only Debian 12, `Ubuntu:22.04:LTS` Ubuntu 22.04; an entry without a release applies to every release). OS advisories name the
 * *source* package and its version; language advisories the package itself.
 */
import type { Severity } from '../../core/finding.js';
import type { InstalledPackage } from '../package.js';
import { baseEcosystem, comparatorFor, releaseOf, type VersionComparator } from '../version/index.js';
import { cvssBaseScore, severityOfScore, type CvssScore } from './cvss.js';
import type { OsvRange, OsvSeverity } from './osv.js';

/** One affected entry with its advisory's fields: what the matcher needs (the store's rows carry exactly this). */
export interface AffectedEntry {
  advisoryId: string;
  aliases: string[];
  summary?: string;
  withdrawn?: string;
  ecosystem: string;
  name: string;
  ranges: OsvRange[];
  versions: string[];
  severity: OsvSeverity[];
  urgency?: string;
}

export interface VulnerabilityMatch {
  id: string;
  aliases: string[];
  summary?: string;
  package: InstalledPackage;
  /** The advisory's package name and the version compared (source package for OS ecosystems). */
  matchedName: string;
  matchedVersion: string;
  ecosystem: string;
  /** The first version that fixes it for this package, when one is known. */
  fixed?: string;
  /** Newest CVSS version first; matches read from the database share one frozen list per stored severity list. */
  cvss: readonly CvssScore[];
  /** Base score used for severity: the newest CVSS version present. */
  score?: number;
  urgency?: string;
  severity: Severity;
  severitySource: 'cvss' | 'urgency' | 'unknown';
}

/** Ecosystems whose advisories are keyed by source package and version. */
const SOURCE_KEYED = new Set(['Debian', 'Ubuntu', 'Alpine', 'Alpaquita', 'Wolfi', 'Chainguard', 'Red Hat', 'Rocky Linux', 'AlmaLinux', 'openSUSE', 'SUSE', 'Mageia', 'Photon OS', 'Azure Linux']);

/** The (name, version) an advisory for this package is keyed by. */
export function advisoryKey(pkg: InstalledPackage): { base: string; name: string; version: string } {
  const base = baseEcosystem(pkg.ecosystem);
  if (SOURCE_KEYED.has(base)) {
    return { base, name: pkg.sourceName || pkg.name, version: pkg.sourceVersion || pkg.version };
  }
  return { base, name: pkg.name, version: pkg.version };
}

export function ecosystemApplies(entryEcosystem: string, packageEcosystem: string): boolean {
  if (baseEcosystem(entryEcosystem) !== baseEcosystem(packageEcosystem)) return false;
  const release = releaseOf(entryEcosystem);
  return release === '' || release === releaseOf(packageEcosystem);
}

/**
 * A range as matching reads it: `[type, kind, version, kind, version, …]`, the type `E` (ECOSYSTEM)
 * or `S` (SEMVER), each event's kind `i` (introduced), `f` (fixed), `l` (last_affected) or `x`
 * (limit), in the record's order. Flat string lists are what the store keeps: they parse several
 * times faster than OSV's objects, and matching parses one per candidate entry.
 */
export type FlatRange = readonly string[];

const FLAT_TYPE = { ECOSYSTEM: 'E', SEMVER: 'S' } as const;
const FLAT_KIND = { introduced: 'i', fixed: 'f', last_affected: 'l', limit: 'x' } as const;

/** The ranges matching can evaluate, flattened; GIT ranges need commit history and are left out. */
export function flatRanges(ranges: readonly OsvRange[]): FlatRange[] {
  const flat: FlatRange[] = [];
  for (const range of ranges) {
    if (range.type === 'GIT') continue;
    const out: string[] = [FLAT_TYPE[range.type]];
    for (const event of range.events) {
      for (const kind of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
        if (kind in event) {
          out.push(FLAT_KIND[kind], (event as Record<typeof kind, string>)[kind]);
          break;
        }
      }
    }
    flat.push(out);
  }
  return flat;
}

/** Weights of event kinds at equal versions: introduced < last_affected < fixed < limit. */
const KIND_ORDER: Record<string, number> = { i: 0, l: 1, f: 2, x: 3 };

function isZero(range: FlatRange, at: number): boolean {
  return range[at] === 'i' && range[at + 1] === '0';
}

function eventOrder(range: FlatRange, a: number, b: number, compare: VersionComparator): number {
  const za = isZero(range, a);
  const zb = isZero(range, b);
  if (za || zb) return za === zb ? 0 : za ? -1 : 1;
  return compare(range[a + 1], range[b + 1]) || KIND_ORDER[range[a]] - KIND_ORDER[range[b]];
}

/** Whether the range's events are already in version order (the usual case: nothing to sort). */
function eventsInOrder(range: FlatRange, compare: VersionComparator): boolean {
  for (let at = 3; at < range.length; at += 2) if (eventOrder(range, at - 2, at, compare) > 0) return false;
  return true;
}

/** Positions of the range's events in version order; `introduced: 0` first. */
function sortedEvents(range: FlatRange, compare: VersionComparator): number[] {
  const order: number[] = [];
  // Insertion sort: ranges have a handful of events.
  for (let at = 1; at < range.length; at += 2) {
    let j = order.length - 1;
    order.push(at);
    while (j >= 0 && eventOrder(range, order[j], at, compare) > 0) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = at;
  }
  return order;
}

/** Not affected (`false`), affected with no known fix (`true`), or affected and fixed in this version. */
export type Verdict = boolean | string;

function verdictResult(verdict: Verdict): { affected: boolean; fixed?: string } {
  return verdict === false ? { affected: false } : verdict === true ? { affected: true } : { affected: true, fixed: verdict };
}

/**
 * OSV range evaluation (schema "Evaluation") on a flat range: walk the events in version order;
 * `introduced` opens, `fixed` (at or below the version) and `last_affected` (below it) close; `0`
 * is the lowest version. Says whether the version is inside, and the fix that closes its interval.
 */
function inFlatRange(range: FlatRange, version: string, compare: VersionComparator): Verdict {
  const events = eventsInOrder(range, compare) ? undefined : sortedEvents(range, compare);
  const count = (range.length - 1) >> 1;
  let affected = false;
  let fixed: string | undefined;
  for (let i = 0; i < count; i++) {
    const at = events ? events[i] : 1 + 2 * i;
    const kind = range[at];
    const bound = range[at + 1];
    if (kind === 'i') {
      if (bound === '0' || compare(version, bound) >= 0) {
        affected = true;
        fixed = undefined;
        for (let k = i + 1; k < count; k++) {
          const later = events ? events[k] : 1 + 2 * k;
          if (range[later] === 'f') {
            fixed = range[later + 1];
            break;
          }
        }
      }
    } else if (kind === 'f' || kind === 'x') {
      if (compare(version, bound) >= 0) affected = false;
    } else if (compare(version, bound) > 0) {
      affected = false;
    }
  }
  return affected ? (fixed ?? true) : false;
}

/** Range evaluation on an OSV range (see `inFlatRange`); a GIT range affects nothing. */
export function inRange(range: OsvRange, version: string, compare: VersionComparator): { affected: boolean; fixed?: string } {
  const [flat] = flatRanges([range]);
  return verdictResult(flat ? inFlatRange(flat, version, compare) : false);
}

const compareSemverOrder = comparatorFor('npm');

/**
 * Whether the version is affected by an entry given as its ecosystem, flat ranges and explicit
 * versions (explicit `versions` or any ECOSYSTEM/SEMVER range), and the fix that applies.
 */
export function flatEntryVerdict(ecosystem: string, ranges: readonly FlatRange[], versions: readonly string[], version: string): Verdict {
  return flatVerdict(comparatorFor(ecosystem), ranges, versions, version);
}

/** `flatEntryVerdict` with the entry ecosystem's version order (undefined: none is implemented). */
export function flatVerdict(compare: VersionComparator | undefined, ranges: readonly FlatRange[], versions: readonly string[], version: string): Verdict {
  let affected = versions.includes(version);
  let fixed: string | undefined;
  let laterFix: string | undefined;
  for (const range of ranges) {
    // SEMVER ranges use SemVer order whatever the ecosystem.
    const order = range[0] === 'S' ? compareSemverOrder : compare;
    if (!order) continue;
    const verdict = inFlatRange(range, version, order);
    if (verdict !== false) {
      affected = true;
      if (fixed === undefined && verdict !== true) fixed = verdict;
    } else if (laterFix === undefined) {
      for (let at = 1; at < range.length; at += 2) {
        if (range[at] === 'f' && order(version, range[at + 1]) < 0) {
          laterFix = range[at + 1];
          break;
        }
      }
    }
  }
  if (!affected) return false;
  // Listed explicitly only: the fix is the range's next fixed version above it, if any.
  return fixed ?? laterFix ?? true;
}

/** Whether the version is affected by the entry (explicit `versions` or any ECOSYSTEM/SEMVER range). */
export function entryAffects(entry: Pick<AffectedEntry, 'ecosystem' | 'ranges' | 'versions'>, version: string): { affected: boolean; fixed?: string } {
  return verdictResult(flatEntryVerdict(entry.ecosystem, flatRanges(entry.ranges), entry.versions, version));
}

const CVSS_PREFERENCE = ['4.0', '3.1', '3.0', '2.0'];

/** Vectors repeat across thousands of advisories: each is scored once per process. */
const scoreCache = new Map<string, CvssScore | undefined>();

function cachedScore(vector: string): CvssScore | undefined {
  if (!scoreCache.has(vector)) {
    if (scoreCache.size > 50_000) scoreCache.clear();
    scoreCache.set(vector, cvssBaseScore(vector));
  }
  return scoreCache.get(vector);
}

export function scoresOf(severity: OsvSeverity[]): CvssScore[] {
  const scores: CvssScore[] = [];
  for (const s of severity) {
    if (!s.type.startsWith('CVSS')) continue;
    const score = cachedScore(s.score);
    if (score && !scores.some((x) => x.vector === score.vector)) scores.push(score);
  }
  return scores.sort((a, b) => CVSS_PREFERENCE.indexOf(a.version) - CVSS_PREFERENCE.indexOf(b.version));
}

/** Distro and vendor ratings (Debian urgency, GHSA and Red Hat severities) mapped onto ours. */
const URGENCY: Record<string, Severity> = {
  unimportant: 'info', negligible: 'info', 'low*': 'low', low: 'low', 'medium*': 'medium', medium: 'medium', moderate: 'medium',
  'high*': 'high', high: 'high', important: 'high', critical: 'critical',
};

/**
 * Severity from the CVSS score when there is one; otherwise from the distro urgency; otherwise
 * `medium`: an unrated vulnerability is neither hidden as `info` nor allowed to fail CI by itself.
 */
export function severityOf(score: number | undefined, urgency: string | undefined): { severity: Severity; source: VulnerabilityMatch['severitySource'] } {
  if (score !== undefined) return { severity: severityOfScore(score), source: 'cvss' };
  const rated = urgency ? URGENCY[urgency.toLowerCase()] : undefined;
  if (rated) return { severity: rated, source: 'urgency' };
  return { severity: 'medium', source: 'unknown' };
}

/** The version-matching part of an affected entry. */
export type EntryRanges = Pick<AffectedEntry, 'advisoryId' | 'ecosystem' | 'name' | 'ranges' | 'versions'>;

/**
 * The entries that affect a version, one per advisory (its first affecting entry, in the given
 * order), with the fix that applies (the first entry's, else a later one's).
 */
export function affectingOnce<E extends { advisoryId: string }>(entries: readonly E[], affects: (entry: E) => { affected: boolean; fixed?: string }): Array<{ entry: E; fixed?: string }> {
  const byAdvisory = new Map<string, { entry: E; fixed?: string }>();
  for (const entry of entries) {
    const result = affects(entry);
    if (!result.affected) continue;
    const previous = byAdvisory.get(entry.advisoryId);
    if (previous) previous.fixed ??= result.fixed;
    else byAdvisory.set(entry.advisoryId, result.fixed === undefined ? { entry } : { entry, fixed: result.fixed });
  }
  return [...byAdvisory.values()];
}

/** The entries that affect the package (one per advisory), with the fix that applies. */
export function affectingEntries<E extends EntryRanges>(pkg: InstalledPackage, entries: E[]): Array<{ entry: E; fixed?: string }> {
  const key = advisoryKey(pkg);
  const applying = entries.filter((entry) => entry.name === key.name && ecosystemApplies(entry.ecosystem, pkg.ecosystem));
  return affectingOnce(applying, (entry) => entryAffects(entry, key.version));
}

/** What a match reports of its advisory besides the scores. */
export type MatchInfo = Pick<AffectedEntry, 'advisoryId' | 'ecosystem' | 'aliases' | 'summary' | 'urgency'>;

/** A match as reported, from the advisory's scores already computed (`scoresOf` its severity). */
export function reportMatch(pkg: InstalledPackage, key: { name: string; version: string }, entry: MatchInfo, cvss: readonly CvssScore[], fixed: string | undefined): VulnerabilityMatch {
  const score = cvss[0]?.score;
  const { severity, source } = severityOf(score, entry.urgency);
  const match: VulnerabilityMatch = {
    id: entry.advisoryId,
    aliases: entry.aliases,
    package: pkg,
    matchedName: key.name,
    matchedVersion: key.version,
    ecosystem: entry.ecosystem,
    cvss,
    severity,
    severitySource: source,
  };
  if (entry.summary) match.summary = entry.summary;
  if (fixed) match.fixed = fixed;
  if (score !== undefined) match.score = score;
  if (entry.urgency) match.urgency = entry.urgency;
  return match;
}

/** A match as reported: names, scores and severity of the advisory that affects the package. */
export function describeMatch(pkg: InstalledPackage, entry: MatchInfo & Pick<AffectedEntry, 'severity'>, fixed: string | undefined): VulnerabilityMatch {
  return reportMatch(pkg, advisoryKey(pkg), entry, scoresOf(entry.severity), fixed);
}

/** Matches one package against affected entries that carry their advisory's details. */
export function matchPackage(pkg: InstalledPackage, entries: AffectedEntry[]): VulnerabilityMatch[] {
  return affectingEntries(pkg, entries)
    .filter(({ entry }) => !entry.withdrawn)
    .map(({ entry, fixed }) => describeMatch(pkg, entry, fixed));
}
