import { isRecord, type KubeObject } from '../../core/k8s/object.js';
import { statusMessage, type ClusterClient } from './client.js';
import { collectionPath, type ServedResource } from './discovery.js';
import { METADATA_ONLY_ACCEPT } from './resources.js';

export type ListOutcome =
  | { status: 'listed'; objects: KubeObject[]; resourceVersion?: string }
  | { status: 'forbidden' }
  | { status: 'gone' }
  | { status: 'failed'; message: string };

export interface ListOptions {
  namespace?: string;
  /** Objects per page (`limit`); the server may send fewer and a `continue` token. */
  pageSize: number;
  /** Called after each page with the number of objects it held. */
  onPage?: (count: number) => void;
}

/**
 * Lists every object of one resource page by page. Items of a list carry neither apiVersion nor
 * kind on the wire; they are restored here. A `continue` token that expired mid-list (410 Gone:
 * the server compacted past it) restarts the list once, from a fresh snapshot.
 */
export async function listResource(client: ClusterClient, resource: ServedResource, options: ListOptions): Promise<ListOutcome> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const outcome = await listOnce(client, resource, options);
    if (outcome.status !== 'gone') return outcome;
  }
  return { status: 'failed', message: 'the list kept expiring (410 Gone) while it was being read' };
}

async function listOnce(client: ClusterClient, resource: ServedResource, options: ListOptions): Promise<ListOutcome> {
  const objects: KubeObject[] = [];
  const accept = resource.metadataOnly ? METADATA_ONLY_ACCEPT : 'application/json';
  let continueToken: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(options.pageSize) });
    if (continueToken !== undefined) query.set('continue', continueToken);
    const response = await client.get(`${collectionPath(resource, options.namespace)}?${query}`, accept);
    if (response.status === 403) return { status: 'forbidden' };
    if (response.status === 410) return { status: 'gone' };
    if (response.status !== 200 || !isRecord(response.body)) return { status: 'failed', message: statusMessage(response) };
    const body = response.body;
    const items = Array.isArray(body.items) ? body.items : [];
    for (const item of items) {
      if (!isRecord(item)) continue;
      objects.push(resource.metadataOnly ? metadataObject(item, resource) : restoreType(item, resource));
    }
    options.onPage?.(items.length);
    const meta = isRecord(body.metadata) ? body.metadata : {};
    if (typeof meta.resourceVersion === 'string') resourceVersion = meta.resourceVersion;
    const next = typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
    // A server that hands back the token it was given would keep the scan paging forever.
    if (next !== undefined && next === continueToken) return { status: 'failed', message: 'the server repeated its continue token' };
    continueToken = next;
  } while (continueToken !== undefined);
  const outcome: ListOutcome = { status: 'listed', objects };
  if (resourceVersion !== undefined) outcome.resourceVersion = resourceVersion;
  return outcome;
}

function restoreType(item: Record<string, unknown>, resource: ServedResource): KubeObject {
  const object = item as KubeObject;
  object.apiVersion = resource.groupVersion;
  object.kind = resource.kind;
  // Server-side apply bookkeeping: often the largest part of an object, and no analyser reads it.
  if (isRecord(object.metadata)) delete object.metadata.managedFields;
  return object;
}

/**
 * A `PartialObjectMetadata` item as the object it stands for, with nothing but metadata.
 * `kubectl apply` stores the whole applied manifest, `data` included, in an annotation: that
 * annotation is dropped, so no secret value is ever kept even when the server sends it.
 */
export function metadataObject(item: Record<string, unknown>, resource: Pick<ServedResource, 'groupVersion' | 'kind'>): KubeObject {
  const metadata = isRecord(item.metadata) ? { ...item.metadata } : {};
  delete metadata.managedFields;
  if (isRecord(metadata.annotations)) {
    const annotations = { ...metadata.annotations };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    metadata.annotations = annotations;
  }
  return { apiVersion: resource.groupVersion, kind: resource.kind, metadata };
}
