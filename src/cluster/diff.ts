/**
 * "What would this `kubectl apply` change?": the objects a set of manifests adds or changes in a
 * cluster, and the security delta they cause — new RBAC grants and escalation paths, new
 * admission webhooks and CRDs, connections opened or closed, new images, new findings. Pure: the
 * cluster and the manifests come in as inventories.
 */
import type { AnalysisOptions, Check } from '../core/check.js';
import type { StockadeConfig } from '../core/config.js';
import { analyze } from '../core/engine.js';
import type { Finding, ResourceRef, Severity } from '../core/finding.js';
import { Inventory, type InventoryEntry } from '../core/inventory.js';
import { isRecord, nameOf, namespaceOf, refOf, type KubeObject } from '../core/k8s/object.js';
import { formatReference, parseReference } from '../image/registry/reference.js';
import { connlist, diffConnections, networkModelOf, type ConnectionChange } from '../network/index.js';
import { describeGrant, describeSubject, escalationGraphOf, parseWhoCanQuery, pathsTo, rbacModelOf, scopeOf, subjectKey, whoCan } from '../rbac/index.js';

export interface ObjectChange {
  change: 'added' | 'changed';
  resource: ResourceRef;
  /** Fields the manifest sets to a value other than the cluster's (`spec.replicas`). */
  fields: string[];
  /** Where the manifest is. */
  file: string;
  line: number;
}

export interface GrantChange {
  /** `get secrets`, `create pods/exec`, … */
  capability: string;
  subject: string;
  scope: string;
  via: string;
}

export interface ClusterDiff {
  objects: ObjectChange[];
  /** Subjects that gain a sensitive capability, in a scope they did not have it. */
  grants: GrantChange[];
  /** Subjects that gain a path to cluster-admin, every Secret or the nodes. */
  escalations: { subject: string; target: string; steps: number }[];
  /** Webhook configurations, admission policies and CRDs added or changed. */
  admission: ObjectChange[];
  crds: ObjectChange[];
  network: ConnectionChange[];
  images: NewImage[];
  findings: { added: Finding[]; resolved: Finding[] };
}

export interface NewImage {
  /** As the manifest writes it. */
  image: string;
  /** Docker's defaults applied; absent when the image is not a valid reference. */
  reference?: string;
  workloads: string[];
  /** Filled by `checkNewImages` (I/O) when a vulnerability database is given. */
  vulnerabilities?: NewImageVulnerabilities;
}

export interface NewImageVulnerabilities {
  checked: boolean;
  /** Why the image was not checked. */
  reason?: string;
  digest?: string;
  /** `database`: its stored inventory was matched; `registry`: pulled for this diff. */
  source?: 'database' | 'registry';
  total: number;
  bySeverity: Record<Severity, number>;
  /** The most severe first. */
  top: { id: string; severity: Severity; package: string; installed: string; fixed: string | null; score: number | null }[];
}

export interface DiffSettings {
  checks: readonly Check[];
  options: AnalysisOptions;
  config: StockadeConfig;
}

/** Capabilities whose new holders a reviewer must see: reading Secrets, running code, escalating. */
export const SENSITIVE_CAPABILITIES: readonly [verb: string, target: string][] = [
  ['get', 'secrets'],
  ['list', 'secrets'],
  ['create', 'pods'],
  ['create', 'pods/exec'],
  ['create', 'serviceaccounts/token'],
  ['get', 'nodes/proxy'],
  ['escalate', 'clusterroles'],
  ['bind', 'clusterroles'],
  ['create', 'clusterrolebindings'],
  ['impersonate', 'users'],
  ['impersonate', 'serviceaccounts'],
  ['update', 'mutatingwebhookconfigurations'],
  ['update', 'validatingwebhookconfigurations'],
  ['create', 'persistentvolumes'],
  ['update', 'certificatesigningrequests/approval'],
];

const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'RuntimeClass',
  'IngressClass',
  'StorageClass',
  'PriorityClass',
  'CustomResourceDefinition',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'APIService',
  'CSIDriver',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterPolicyReport',
]);

const ADMISSION_KINDS = new Set(['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding']);

/** Fields the API server owns: a manifest never sets them, so they never make an object "changed". */
const SERVER_FIELDS = new Set(['status']);
const SERVER_METADATA = new Set(['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink']);

/** The namespace `kubectl apply` puts an object in: its own, else `default` for a namespaced kind. */
export function appliedNamespace(object: KubeObject, defaultNamespace = 'default'): string | undefined {
  if (CLUSTER_SCOPED_KINDS.has(object.kind)) return undefined;
  return namespaceOf(object) ?? defaultNamespace;
}

/**
 * The cluster as it would be after applying the manifests: an applied object replaces the live
 * object of the same kind, namespace and name. Manifest objects keep their file origins so that
 * new findings point at the manifest line.
 */
export function applyManifests(cluster: Inventory, manifests: Inventory, defaultNamespace = 'default'): Inventory {
  const replaced = new Set<string>();
  const applied: { object: KubeObject; entry: InventoryEntry }[] = [];
  for (const entry of manifests.entries) {
    const namespace = appliedNamespace(entry.object, defaultNamespace);
    const object = namespace !== undefined && namespaceOf(entry.object) !== namespace ? { ...entry.object, metadata: { ...entry.object.metadata, namespace } } : entry.object;
    replaced.add(keyOf(object.kind, namespace, nameOf(object)));
    applied.push({ object, entry });
  }
  const after = new Inventory();
  for (const entry of cluster.entries) {
    if (!replaced.has(keyOf(entry.object.kind, namespaceOf(entry.object), nameOf(entry.object)))) after.add(entry.object, entry.origin);
  }
  for (const { object, entry } of applied) after.add(object, entry.origin);
  return after;
}

export function diffClusters(before: Inventory, manifests: Inventory, settings: DiffSettings, defaultNamespace = 'default'): ClusterDiff {
  const after = applyManifests(before, manifests, defaultNamespace);
  const objects = objectChanges(before, after, manifests);
  const beforeFindings = analyze(before, settings.checks, settings.options, settings.config).findings;
  const afterFindings = analyze(after, settings.checks, settings.options, settings.config).findings;
  const beforePrints = new Set(beforeFindings.map((f) => f.fingerprint));
  const afterPrints = new Set(afterFindings.map((f) => f.fingerprint));
  return {
    objects,
    grants: grantChanges(before, after),
    escalations: escalationChanges(before, after),
    admission: objects.filter((o) => ADMISSION_KINDS.has(o.resource.kind)),
    crds: objects.filter((o) => o.resource.kind === 'CustomResourceDefinition'),
    network: diffConnections(connlist(networkModelOf(before)), connlist(networkModelOf(after))),
    images: newImages(before, after),
    findings: {
      added: afterFindings.filter((f) => !beforePrints.has(f.fingerprint) && !f.suppressed),
      resolved: beforeFindings.filter((f) => !afterPrints.has(f.fingerprint) && !f.suppressed),
    },
  };
}

function objectChanges(before: Inventory, after: Inventory, manifests: Inventory): ObjectChange[] {
  const manifestObjects = new Set(manifests.entries.map((e) => e.origin));
  const out: ObjectChange[] = [];
  for (const entry of after.entries) {
    if (!manifestObjects.has(entry.origin)) continue;
    const object = entry.object;
    const live = before.find(object.kind, namespaceOf(object), nameOf(object));
    const base = { resource: refOf(object), file: entry.origin.file, line: entry.origin.line };
    if (!live) {
      out.push({ change: 'added', fields: [], ...base });
      continue;
    }
    const fields: string[] = [];
    differingFields(object, live.object, '', fields);
    if (fields.length > 0) out.push({ change: 'changed', fields, ...base });
  }
  return out;
}

/**
 * Fields the manifest sets that the live object does not hold with the same value. The live
 * object carries defaults and server fields the manifest never states, so only what the
 * manifest states is compared (what `kubectl apply` would change).
 */
function differingFields(wanted: unknown, live: unknown, path: string, out: string[]): void {
  if (out.length >= 20) return;
  if (isRecord(wanted) && isRecord(live)) {
    for (const [key, value] of Object.entries(wanted)) {
      if (path === '' && SERVER_FIELDS.has(key)) continue;
      if (path === 'metadata' && SERVER_METADATA.has(key)) continue;
      differingFields(value, live[key], path === '' ? key : `${path}.${key}`, out);
    }
    return;
  }
  if (Array.isArray(wanted) && Array.isArray(live) && wanted.length === live.length) {
    wanted.forEach((item, i) => differingFields(item, live[i], `${path}[${i}]`, out));
    return;
  }
  if (!sameScalar(wanted, live)) out.push(path);
}

function sameScalar(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // A manifest may quote a number the API returns as one (ports, replicas).
  if ((typeof a === 'number' || typeof a === 'string') && (typeof b === 'number' || typeof b === 'string')) return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

function grantChanges(before: Inventory, after: Inventory): GrantChange[] {
  const beforeModel = rbacModelOf(before);
  const afterModel = rbacModelOf(after);
  const out: GrantChange[] = [];
  for (const [verb, target] of SENSITIVE_CAPABILITIES) {
    const query = { ...parseWhoCanQuery(verb, target), anyResourceName: true };
    const held = new Set<string>();
    for (const access of whoCan(beforeModel, query)) {
      for (const grant of access.grants) held.add(`${subjectKey(access.subject)}\u0000${scopeOf(grant)}`);
    }
    for (const access of whoCan(afterModel, query)) {
      const seen = new Set<string>();
      for (const grant of access.grants) {
        const key = `${subjectKey(access.subject)}\u0000${scopeOf(grant)}`;
        if (held.has(key) || seen.has(key)) continue;
        seen.add(key);
        out.push({ capability: `${verb} ${target}`, subject: describeSubject(access.subject), scope: scopeOf(grant), via: describeGrant(grant) });
      }
    }
  }
  return out;
}

function escalationChanges(before: Inventory, after: Inventory): ClusterDiff['escalations'] {
  const out: ClusterDiff['escalations'] = [];
  for (const target of ['cluster-admin', 'secrets', 'nodes'] as const) {
    const had = new Set(pathsTo(escalationGraphOf(rbacModelOf(before)), target).map((p) => subjectKey(p.subject)));
    const seen = new Set<string>();
    for (const path of pathsTo(escalationGraphOf(rbacModelOf(after)), target)) {
      const key = subjectKey(path.subject);
      if (had.has(key) || seen.has(key)) continue;
      seen.add(key);
      out.push({ subject: describeSubject(path.subject), target, steps: path.steps.length });
    }
  }
  return out;
}

/**
 * Images the applied workloads run that no workload of the cluster runs today, compared as
 * references with Docker's defaults applied (`nginx` is `docker.io/library/nginx:latest`).
 */
function newImages(before: Inventory, after: Inventory): NewImage[] {
  const imagesOf = (inventory: Inventory) => {
    const byImage = new Map<string, { written: string; workloads: string[] }>();
    for (const { entry, workload } of inventory.workloads()) {
      for (const ref of workload.containers) {
        const image = ref.container.image;
        if (typeof image !== 'string' || image === '') continue;
        const key = normalised(image) ?? image;
        let use = byImage.get(key);
        if (!use) byImage.set(key, (use = { written: image, workloads: [] }));
        use.workloads.push(`${entry.object.kind} ${namespaceOf(entry.object) ?? ''}/${nameOf(entry.object)}`);
      }
    }
    return byImage;
  };
  const had = imagesOf(before);
  return [...imagesOf(after)]
    .filter(([key]) => !had.has(key))
    .map(([key, use]) => ({ image: use.written, ...(normalised(use.written) !== undefined ? { reference: key } : {}), workloads: [...new Set(use.workloads)] }))
    .sort((a, b) => a.image.localeCompare(b.image));
}

function normalised(image: string): string | undefined {
  try {
    return formatReference(parseReference(image));
  } catch {
    return undefined;
  }
}

function keyOf(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
