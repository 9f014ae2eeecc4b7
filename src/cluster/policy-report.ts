/**
 * Findings as PolicyReport / ClusterPolicyReport objects (wgpolicyk8s.io/v1alpha2, the format
 * Kyverno and Policy Reporter read). One report per namespace and one cluster report, each
 * holding one result per check with the resources it failed on: the number and size of report
 * objects stay bounded whatever the number of findings (per-resource reports have filled etcd).
 */
import type { Finding, ResourceRef } from '../core/finding.js';
import type { KubeObject } from '../core/k8s/object.js';

export const REPORT_API_VERSION = 'wgpolicyk8s.io/v1alpha2';
export const REPORT_NAME = 'stockade';
/** Resources listed per result; the count of all of them is kept in the result's properties. */
export const MAX_RESOURCES_PER_RESULT = 50;
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

function resultsOf(findings: readonly Finding[], now: Date, maxResources: number): ReportResult[] {
  const byCheck = new Map<string, Finding[]>();
  for (const f of findings) {
    let list = byCheck.get(f.check);
    if (!list) byCheck.set(f.check, (list = []));
    list.push(f);
  }
  return [...byCheck.keys()].sort().map((check) => {
    const list = byCheck.get(check)!;
    const first = list[0]!;
    const resources = new Map<string, ResourceRef>();
    for (const f of list) resources.set(`${f.resource.kind}\u0000${f.resource.namespace ?? ''}\u0000${f.resource.name}`, f.resource);
    const refs = [...resources.values()].sort((a, b) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));
    return {
      source: 'stockade',
      policy: check,
      rule: first.code,
      category: first.category,
      severity: first.severity,
      result: 'fail',
      scored: true,
      message: list.length === 1 ? first.message : `${first.title}: ${list.length} findings on ${refs.length} resources, e.g. ${first.message}`,
      timestamp: { seconds: Math.floor(now.getTime() / 1000), nanos: 0 },
      resources: refs.slice(0, maxResources).map(resourceRef),
      properties: { findings: String(list.length), resources: String(refs.length) },
    };
  });
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
  for (;;) {
    const results = resultsOf(findings, now, maxResources);
    const object: KubeObject = {
      apiVersion: REPORT_API_VERSION,
      kind,
      metadata: { name: REPORT_NAME, ...(namespace !== undefined ? { namespace } : {}), labels: { 'app.kubernetes.io/managed-by': 'stockade' } },
      summary: { pass: 0, fail: findings.length, warn: 0, error: 0, skip: 0 },
      results,
    };
    if (maxResources <= 1 || JSON.stringify(object).length <= MAX_REPORT_BYTES) return object;
    maxResources = Math.floor(maxResources / 2);
  }
}
