import { isRecord } from '../../core/k8s/object.js';
import { statusMessage, type ClusterClient } from './client.js';
import { WANTED_RESOURCES, type WantedResource } from './resources.js';

/** A listable resource as the server serves it. */
export interface ServedResource extends WantedResource {
  /** `v1`, `apps/v1`: the apiVersion its objects carry. */
  groupVersion: string;
  kind: string;
  namespaced: boolean;
}

export interface Discovery {
  resources: ServedResource[];
  /** Wanted resources the server does not serve (an optional API group, an old cluster). */
  missing: WantedResource[];
}

/**
 * Asks the server which of the wanted resources it serves, at the group's preferred version.
 * A discovery document that cannot be read fails the scan: without it nothing can be listed.
 */
export async function discover(client: ClusterClient, wanted: readonly WantedResource[] = WANTED_RESOURCES): Promise<Discovery> {
  const groups = new Set(wanted.map((w) => w.group));
  const groupVersions = new Map<string, string>();
  if (groups.has('')) groupVersions.set('', 'v1');
  const apis = await client.get('/apis');
  if (apis.status !== 200) throw new DiscoveryError(`/apis: ${statusMessage(apis)}`);
  const list = isRecord(apis.body) && Array.isArray(apis.body.groups) ? apis.body.groups : [];
  for (const group of list) {
    if (!isRecord(group) || typeof group.name !== 'string' || !groups.has(group.name)) continue;
    const preferred = isRecord(group.preferredVersion) ? group.preferredVersion.groupVersion : undefined;
    const first = Array.isArray(group.versions) && isRecord(group.versions[0]) ? group.versions[0].groupVersion : undefined;
    const groupVersion = typeof preferred === 'string' ? preferred : first;
    if (typeof groupVersion === 'string') groupVersions.set(group.name, groupVersion);
  }

  const served = new Map<string, Map<string, { kind: string; namespaced: boolean; verbs: string[] }>>();
  await Promise.all(
    [...groupVersions].map(async ([group, groupVersion]) => {
      const path = group === '' ? '/api/v1' : `/apis/${groupVersion}`;
      const response = await client.get(path);
      if (response.status !== 200) throw new DiscoveryError(`${path}: ${statusMessage(response)}`);
      const byName = new Map<string, { kind: string; namespaced: boolean; verbs: string[] }>();
      const resources = isRecord(response.body) && Array.isArray(response.body.resources) ? response.body.resources : [];
      for (const r of resources) {
        if (!isRecord(r) || typeof r.name !== 'string' || r.name.includes('/') || typeof r.kind !== 'string') continue;
        const verbs = Array.isArray(r.verbs) ? r.verbs.filter((v): v is string => typeof v === 'string') : [];
        byName.set(r.name, { kind: r.kind, namespaced: r.namespaced === true, verbs });
      }
      served.set(group, byName);
    }),
  );

  const result: Discovery = { resources: [], missing: [] };
  for (const w of wanted) {
    const groupVersion = groupVersions.get(w.group);
    const info = served.get(w.group)?.get(w.resource);
    if (groupVersion === undefined || !info || !info.verbs.includes('list')) {
      result.missing.push(w);
      continue;
    }
    result.resources.push({ ...w, groupVersion, kind: info.kind, namespaced: info.namespaced });
  }
  return result;
}

export class DiscoveryError extends Error {
  override name = 'DiscoveryError';
}

/** The collection path of a resource, in one namespace or across all. */
export function collectionPath(resource: ServedResource, namespace?: string): string {
  const base = resource.group === '' ? '/api/v1' : `/apis/${resource.groupVersion}`;
  return resource.namespaced && namespace !== undefined
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.resource}`
    : `${base}/${resource.resource}`;
}
