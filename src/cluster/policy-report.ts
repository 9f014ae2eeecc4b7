/**
 * Findings as PolicyReport / ClusterPolicyReport objects (wgpolicyk8s.io/v1alpha2, the format
 * Kyverno and Policy Reporter read). One report per namespace and one cluster report, each
 * holding one result per check (and per known vulnerability of the images the workloads run) with
 * the resources it failed on: the number and size of report
 * objects stay bounded whatever the number of findings (per-resource reports have filled etcd).
 */
import { severityRank, type Finding, type ResourceRef, type Severity } from '../core/finding.js';
import type { KubeObject } from '../core/k8s/object.js';

export const REPORT_API_VERSION = 'wgpolicyk8s.io/v1alpha2';
export const REPORT_NAME = 'stockade';
/** Resources listed per result; the count of all of them is kept in the result's properties. */
export const MAX_RESOURCES_PER_RESULT = 50;
/** Vulnerabilities listed one by one per report, the most severe first. */
export const MAX_VULNERABILITY_RESULTS = 200;
/** etcd refuses objects over 1.5 MiB; a report stays well below. */
export const MAX_REPORT_BYTES = 512 * 1024;

interface ReportResult {
  source: 'stockade';
  policy: string;
  rule: string;
  category: string;
  severity: string;
  result: 'fail';
  scored: true;
  message: string;
  timestamp: { seconds: number; nanos: 0 };
  resources: { apiVersion: string; kind: string; name: string; namespace?: string }[];
  properties: Record<string, string>;
}

function resourceRef(ref: ResourceRef): ReportResult['resources'][number] {
  const out: ReportResult['resources'][number] = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name };
  if (ref.namespace !== undefined) out.namespace = ref.namespace;
  return out;
}

/** The vulnerability a finding reports (image findings carry one), by the fields reports show. */
interface ReportedVulnerability {
  id: string;
  package: string;
  installed: string;
  fixed: string | null;
}

function vulnerabilityOf(f: Finding): ReportedVulnerability | undefined {
  const v = f.vulnerability as Partial<ReportedVulnerability> | undefined;
  return v && typeof v.id === 'string' ? { id: v.id, package: String(v.package), installed: String(v.installed), fixed: v.fixed ?? null } : undefined;
}

function resultOf(list: Finding[], rule: string, now: Date, maxResources: number, properties: Record<string, string> = {}): ReportResult {
  const first = list[0]!;
  const resources = new Map<string, ResourceRef>();
  for (const f of list) resources.set(`${f.resource.kind}\u0000${f.resource.namespace ?? ''}\u0000${f.resource.name}`, f.resource);
  const refs = [...resources.values()].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
  const severity = list.reduce((worst, f) => (severityRank(f.severity) < severityRank(worst) ? f.severity : worst), first.severity);
  return {
    source: 'stockade',
    policy: first.check,
    rule,
    category: first.category,
    severity,
    result: 'fail',
    scored: true,
    message: list.length === 1 ? first.message : `${first.title}: ${list.length} findings on ${refs.length} resources, e.g. ${first.message}`,
    timestamp: { seconds: Math.floor(now.getTime() / 1000), nanos: 0 },
    resources: refs.slice(0, maxResources).map(resourceRef),
    properties: { ...properties, findings: String(list.length), resources: String(refs.length) },
  };
}

/**
 * One result per check, and one per vulnerability (rule: the advisory id) so that each known
 * vulnerability is visible with its package and fix, as Policy Reporter shows scanner reports.
 * Vulnerability results are the most severe first and at most `maxVulnerabilities`; one more
 * result counts those left out.
 */
function resultsOf(findings: readonly Finding[], now: Date, maxResources: number, maxVulnerabilities: number): ReportResult[] {
  const byCheck = new Map<string, Finding[]>();
  const byVulnerability = new Map<string, { vulnerability: ReportedVulnerability; findings: Finding[] }>();
  for (const f of findings) {
    const vulnerability = vulnerabilityOf(f);
    if (vulnerability) {
      const key = `${f.check}\u0000${vulnerability.id}`;
      let group = byVulnerability.get(key);
      if (!group) byVulnerability.set(key, (group = { vulnerability, findings: [] }));
      group.findings.push(f);
      continue;
    }
    let list = byCheck.get(f.check);
    if (!list) byCheck.set(f.check, (list = []));
    list.push(f);
  }
  const results = [...byCheck.keys()].sort().map((check) => resultOf(byCheck.get(check)!, byCheck.get(check)![0]!.code, now, maxResources));
  const vulnerabilities = [...byVulnerability.values()]
    .map(({ vulnerability: v, findings: list }) => {
      const packages = [...new Set(list.map((f) => `${vulnerabilityOf(f)!.package} ${vulnerabilityOf(f)!.installed}`))].sort();
      const images = [...new Set(list.map((f) => f.image).filter((i): i is string => typeof i === 'string'))].sort();
      return resultOf(list, v.id, now, maxResources, {
        vulnerability: v.id,
        packages: packages.slice(0, 10).join(', '),
        fixed: v.fixed ?? 'no fix known',
        ...(images.length > 0 ? { images: images.slice(0, 10).join(', ') } : {}),
      });
    })
    .sort((a, b) => severityRank(a.severity as Severity) - severityRank(b.severity as Severity) || a.rule.localeCompare(b.rule));
  results.push(...vulnerabilities.slice(0, maxVulnerabilities));
  const omitted = vulnerabilities.slice(maxVulnerabilities);
  if (omitted.length > 0) {
    const left = new Set(omitted.map((r) => `${r.policy}\u0000${r.rule}`));
    const list = findings.filter((f) => left.has(`${f.check}\u0000${vulnerabilityOf(f)?.id}`));
    const result = resultOf(list, list[0]!.code, now, maxResources, { vulnerabilitiesNotListed: String(omitted.length) });
    result.message = `${omitted.length} more vulnerabilities (${result.severity} and below) are not listed one by one: the report would exceed its size limit`;
    results.push(result);
  }
  return results;
}

/**
 * The reports for a set of findings: namespaced findings go to their namespace's PolicyReport,
 * the rest to the ClusterPolicyReport. Every namespace in `namespaces` gets a report (an empty
 * one says "scanned, nothing found"). Suppressed findings are left out.
 */
export function policyReports(findings: readonly Finding[], namespaces: readonly string[], now: Date): KubeObject[] {
  const byNamespace = new Map<string, Finding[]>(namespaces.map((ns) => [ns, []]));
  const cluster: Finding[] = [];
  for (const f of findings) {
    if (f.suppressed) continue;
    const ns = f.resource.namespace;
    if (ns === undefined) cluster.push(f);
    else {
      let list = byNamespace.get(ns);
      if (!list) byNamespace.set(ns, (list = []));
      list.push(f);
    }
  }
  const reports: KubeObject[] = [];
  for (const ns of [...byNamespace.keys()].sort()) reports.push(report('PolicyReport', byNamespace.get(ns)!, now, ns));
  reports.push(report('ClusterPolicyReport', cluster, now));
  return reports;
}

function report(kind: 'PolicyReport' | 'ClusterPolicyReport', findings: Finding[], now: Date, namespace?: string): KubeObject {
  let maxResources = MAX_RESOURCES_PER_RESULT;
  let maxVulnerabilities = MAX_VULNERABILITY_RESULTS;
  for (;;) {
    const results = resultsOf(findings, now, maxResources, maxVulnerabilities);
    const object: KubeObject = {
      apiVersion: REPORT_API_VERSION,
      kind,
      metadata: { name: REPORT_NAME, ...(namespace !== undefined ? { namespace } : {}), labels: { 'app.kubernetes.io/managed-by': 'stockade' } },
      summary: { pass: 0, fail: findings.length, warn: 0, error: 0, skip: 0 },
      results,
    };
    if (JSON.stringify(object).length <= MAX_REPORT_BYTES) return object;
    if (maxResources > 1) maxResources = Math.floor(maxResources / 2);
    else if (maxVulnerabilities > 0) maxVulnerabilities = Math.floor(maxVulnerabilities / 2);
    else return object;
  }
}
