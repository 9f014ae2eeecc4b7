import type { ResourceRef } from '../finding.js';

/** A Kubernetes object as decoded from YAML/JSON or the API. Only apiVersion and kind are guaranteed. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean }[];
  [field: string]: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isKubeObject(value: unknown): value is KubeObject {
  return (
    isRecord(value) &&
    typeof value.apiVersion === 'string' &&
    value.apiVersion !== '' &&
    typeof value.kind === 'string' &&
    value.kind !== ''
  );
}

export function nameOf(object: KubeObject): string {
  const meta = object.metadata;
  if (!meta) return '';
  if (typeof meta.name === 'string') return meta.name;
  if (typeof meta.generateName === 'string') return `${meta.generateName}*`;
  return '';
}

export function namespaceOf(object: KubeObject): string | undefined {
  const ns = object.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

export function labelsOf(object: KubeObject): Record<string, string> {
  const labels = object.metadata?.labels;
  return isRecord(labels) ? (labels as Record<string, string>) : {};
}

export function annotationsOf(object: KubeObject): Record<string, string> {
  const annotations = object.metadata?.annotations;
  return isRecord(annotations) ? (annotations as Record<string, string>) : {};
}

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function refOf(object: KubeObject): ResourceRef {
  const ref: ResourceRef = { apiVersion: object.apiVersion, kind: object.kind, name: nameOf(object) };
  const ns = namespaceOf(object);
  if (ns !== undefined) ref.namespace = ns;
  return ref;
}

/** `Deployment default/web`, `ClusterRole admin`: how a resource is named in messages. */
export function describeRef(ref: ResourceRef): string {
  return describeNamed(ref.kind, ref.namespace, ref.name);
}

/** `describeRef(refOf(object))` without building the reference. */
export function describeObject(object: KubeObject): string {
  return describeNamed(object.kind, namespaceOf(object), nameOf(object));
}

function describeNamed(kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}
