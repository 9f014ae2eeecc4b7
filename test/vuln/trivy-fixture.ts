/**
 * Trivy's advisory fixture (bucket form) turned into OSV records, and Trivy's package goldens
 * turned into InstalledPackage records, so that the golden scan results can judge our matcher.
 */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import type { InstalledPackage } from '../../src/image/package.js';
import { corpusPath } from '../corpus.js';

interface Bucket<T> {
  bucket?: string;
  key?: string;
  pairs?: Array<Bucket<T>>;
  value?: T;
}

interface Advisory {
  FixedVersion?: string;
  Severity?: number;
  Status?: number;
  State?: string;
}

interface VulnerabilityDetail {
  Title?: string;
  CVSS?: Record<string, { V3Vector?: string; V2Vector?: string }>;
}

const TRIVY_SEVERITY = ['unknown', 'low', 'medium', 'high', 'critical'];

/** `alpine 3.10` → `Alpine:v3.10`, `debian 10` → `Debian:10`. */
export function osvEcosystem(trivyBucket: string): string | undefined {
  const [os, release] = trivyBucket.split(' ');
  if (os === 'alpine' && /^\d+\.\d+$/.test(release)) return `Alpine:v${release}`;
  if (os === 'debian' && /^\d+$/.test(release)) return `Debian:${release}`;
  return undefined;
}

function load<T>(name: string): Array<Bucket<T>> {
  return yaml.load(readFileSync(corpusPath('vuln-data', 'trivy', 'db', name), 'utf8')) as Array<Bucket<T>>;
}

/** One OSV record per CVE id, one affected entry per (release, package) that Trivy's DB lists. */
export function trivyFixtureAsOsv(): object[] {
  const details = new Map<string, VulnerabilityDetail>();
  for (const bucket of load<VulnerabilityDetail>('vulnerability.yaml')) {
    for (const pair of bucket.pairs ?? []) if (pair.key && pair.value) details.set(pair.key, pair.value);
  }
  const records = new Map<string, { id: string; modified: string; summary?: string; severity: object[]; affected: object[] }>();
  for (const file of ['alpine.yaml', 'debian.yaml']) {
    for (const release of load<Advisory>(file)) {
      const ecosystem = osvEcosystem(release.bucket ?? '');
      if (!ecosystem) continue;
      for (const pkg of release.pairs ?? []) {
        for (const advisory of pkg.pairs ?? []) {
          const id = advisory.key!;
          const value = advisory.value ?? {};
          let record = records.get(id);
          if (!record) {
            const detail = details.get(id);
            const vector = detail?.CVSS?.nvd?.V3Vector;
            record = { id, modified: '2019-11-01T00:00:00Z', severity: vector ? [{ type: 'CVSS_V3', score: vector }] : [], affected: [] };
            if (detail?.Title) record.summary = detail.Title;
            records.set(id, record);
          }
          const events: object[] = [{ introduced: '0' }];
          if (value.FixedVersion) events.push({ fixed: value.FixedVersion });
          const urgency = value.Severity !== undefined ? TRIVY_SEVERITY[value.Severity] : undefined;
          record.affected.push({
            package: { ecosystem, name: pkg.bucket },
            ranges: [{ type: 'ECOSYSTEM', events }],
            ...(urgency ? { ecosystem_specific: { urgency } } : {}),
          });
        }
      }
    }
  }
  return [...records.values()];
}

interface TrivyPackage {
  Name: string;
  Version: string;
  Release?: string | null;
  Epoch?: number | null;
  SrcName?: string;
  SrcVersion?: string;
  SrcRelease?: string | null;
  SrcEpoch?: number | null;
  Arch?: string;
}

function fullVersion(version: string, release?: string | null, epoch?: number | null): string {
  return `${epoch ? `${epoch}:` : ''}${version}${release ? `-${release}` : ''}`;
}

/** The packages of Trivy's package golden for an image, in the shape our image readers produce. */
export function trivyPackages(golden: string, ecosystem: string): InstalledPackage[] {
  const list = JSON.parse(readFileSync(corpusPath('vuln-data', 'trivy', 'expected-packages', golden), 'utf8')) as TrivyPackage[];
  const type = ecosystem.startsWith('Alpine') ? 'apk' : 'deb';
  return list.map((p) => {
    const version = fullVersion(p.Version, p.Release, p.Epoch);
    return {
      ecosystem,
      name: p.Name,
      version,
      sourceName: p.SrcName ?? p.Name,
      sourceVersion: p.SrcVersion ? fullVersion(p.SrcVersion, p.SrcRelease, p.SrcEpoch) : version,
      purl: `pkg:${type}/${type === 'apk' ? 'alpine' : 'debian'}/${p.Name}@${version}`,
      foundIn: type === 'apk' ? '/lib/apk/db/installed' : '/var/lib/dpkg/status',
      ...(p.Arch ? { arch: p.Arch } : {}),
    };
  });
}

export interface GoldenVulnerability {
  VulnerabilityID: string;
  PkgName: string;
  InstalledVersion: string;
  FixedVersion?: string;
  Status?: string;
  CVSS?: Record<string, { V3Score?: number }>;
}

export function trivyGolden(name: string): { os: { Family: string; Name: string }; vulnerabilities: GoldenVulnerability[] } {
  const report = JSON.parse(readFileSync(corpusPath('vuln-data', 'trivy', 'expected-vulns', name), 'utf8')) as {
    Metadata: { OS: { Family: string; Name: string } };
    Results: Array<{ Class: string; Vulnerabilities?: GoldenVulnerability[] }>;
  };
  return { os: report.Metadata.OS, vulnerabilities: report.Results.filter((r) => r.Class === 'os-pkgs').flatMap((r) => r.Vulnerabilities ?? []) };
}
