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
import type { OsvEvent, OsvRange, OsvSeverity } from './osv.js';

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
  cvss: CvssScore[];
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

type Event = { kind: 'introduced' | 'fixed' | 'last_affected' | 'limit'; version: string };

const KIND_ORDER = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 } as const;

function eventOf(e: OsvEvent): Event {
  if ('introduced' in e) return { kind: 'introduced', version: e.introduced };
  if ('fixed' in e) return { kind: 'fixed', version: e.fixed };
  if ('last_affected' in e) return { kind: 'last_affected', version: e.last_affected };
  return { kind: 'limit', version: e.limit };
}

function eventsOf(range: OsvRange): Event[] {
  return range.events.map(eventOf);
}

function isZero(e: Event): boolean {
  return e.kind === 'introduced' && e.version === '0';
}

/** Version order of events; `introduced: 0` first; at equal versions introduced < last_affected < fixed < limit. */
function sortEvents(events: Event[], compare: VersionComparator): Event[] {
  // Insertion sort: ranges have a handful of events, usually already in order.
  for (let i = 1; i < events.length; i++) {
    const current = events[i];
    let j = i - 1;
    while (j >= 0 && eventOrder(events[j], current, compare) > 0) {
      events[j + 1] = events[j];
      j--;
    }
    events[j + 1] = current;
  }
  return events;
}

function eventOrder(a: Event, b: Event, compare: VersionComparator): number {
  const za = isZero(a);
  const zb = isZero(b);
  if (za || zb) return za === zb ? 0 : za ? -1 : 1;
  return compare(a.version, b.version) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

/**
 * OSV range evaluation (schema "Evaluation"): walk the events in version order; `introduced`
 * opens, `fixed` (at or below the version) and `last_affected` (below it) close; `0` is the
 * lowest version. Returns whether the version is inside, and the fix that closes its interval.
 */
export function inRange(range: OsvRange, version: string, compare: VersionComparator): { affected: boolean; fixed?: string } {
  const events = sortEvents(eventsOf(range), compare);
  let affected = false;
  let fixed: string | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event.kind === 'introduced') {
      if (event.version === '0' || compare(version, event.version) >= 0) {
        affected = true;
        fixed = undefined;
        for (let k = i + 1; k < events.length; k++) {
          if (events[k].kind === 'fixed') {
            fixed = events[k].version;
            break;
          }
        }
      }
    } else if (event.kind === 'fixed' || event.kind === 'limit') {
      if (compare(version, event.version) >= 0) affected = false;
    } else if (compare(version, event.version) > 0) {
      affected = false;
    }
  }
  return affected ? (fixed === undefined ? { affected } : { affected, fixed }) : { affected: false };
}

/** Whether the version is affected by the entry (explicit `versions` or any ECOSYSTEM/SEMVER range). */
export function entryAffects(entry: Pick<AffectedEntry, 'ecosystem' | 'ranges' | 'versions'>, version: string): { affected: boolean; fixed?: string } {
  const compare = comparatorFor(entry.ecosystem);
  let affected = entry.versions.includes(version);
  let fixed: string | undefined;
  const laterFixes: string[] = [];
  for (const range of entry.ranges) {
    // SEMVER ranges use SemVer order whatever the ecosystem; GIT ranges need commit history.
    const order = range.type === 'SEMVER' ? comparatorFor('npm') : range.type === 'ECOSYSTEM' ? compare : undefined;
    if (!order) continue;
    const result = inRange(range, version, order);
    if (result.affected) {
      affected = true;
      fixed ??= result.fixed;
    } else {
      for (const event of eventsOf(range)) if (event.kind === 'fixed' && order(version, event.version) < 0) laterFixes.push(event.version);
    }
  }
  if (!affected) return { affected: false };
  // Listed explicitly only: the fix is the range's next fixed version above it, if any.
  fixed ??= laterFixes[0];
  return fixed === undefined ? { affected } : { affected, fixed };
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

/** The entries that affect the package (one per advisory), with the fix that applies. */
export function affectingEntries<E extends EntryRanges>(pkg: InstalledPackage, entries: E[]): Array<{ entry: E; fixed?: string }> {
  const key = advisoryKey(pkg);
  const byAdvisory = new Map<string, { entry: E; fixed?: string }>();
  for (const entry of entries) {
    if (entry.name !== key.name || !ecosystemApplies(entry.ecosystem, pkg.ecosystem)) continue;
    const result = entryAffects(entry, key.version);
    if (!result.affected) continue;
    const previous = byAdvisory.get(entry.advisoryId);
    if (previous) previous.fixed ??= result.fixed;
    else byAdvisory.set(entry.advisoryId, result.fixed === undefined ? { entry } : { entry, fixed: result.fixed });
  }
  return [...byAdvisory.values()];
}

/** A match as reported: names, scores and severity of the advisory that affects the package. */
export function describeMatch(
  pkg: InstalledPackage,
  entry: Pick<AffectedEntry, 'advisoryId' | 'ecosystem' | 'aliases' | 'summary' | 'severity' | 'urgency'>,
  fixed: string | undefined,
): VulnerabilityMatch {
  const key = advisoryKey(pkg);
  const cvss = scoresOf(entry.severity);
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

/** Matches one package against affected entries that carry their advisory's details. */
export function matchPackage(pkg: InstalledPackage, entries: AffectedEntry[]): VulnerabilityMatch[] {
  return affectingEntries(pkg, entries)
    .filter(({ entry }) => !entry.withdrawn)
    .map(({ entry, fixed }) => describeMatch(pkg, entry, fixed));
}
