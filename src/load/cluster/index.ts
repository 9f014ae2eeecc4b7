import { InputError } from '../../core/errors.js';
import { Inventory } from '../../core/inventory.js';
import { isRecord, nameOf, namespaceOf, type KubeObject } from '../../core/k8s/object.js';
import type { LoadNote, LoadResult } from '../index.js';
import { ClusterClient, statusMessage, type ConnectOptions } from './client.js';
import { discover, DiscoveryError, type ServedResource } from './discovery.js';
import { listResource } from './list.js';
import { NO_PROGRESS, terminalProgress, type Progress } from './progress.js';
import { CONTROLLER_KINDS } from './resources.js';

export { ClusterClient, type ConnectOptions } from './client.js';
export { collectionPath, type ServedResource } from './discovery.js';
export { loadSnapshot, writeSnapshot, type SnapshotInfo } from './snapshot.js';

/** Every object read from a cluster has this origin file (checks tell cluster objects from committed files by it). */
export const CLUSTER_ORIGIN = 'cluster';

export interface ClusterLoadOptions extends ConnectOptions {
  /** Only namespaced objects of this namespace (cluster-scoped kinds are still read: RBAC, webhooks, nodes). */
  namespace?: string;
  /** Resources listed at the same time. */
  concurrency?: number;
  /** Objects per list page. */
  pageSize?: number;
  /** Progress bar: default on when standard error is a terminal. */
  progress?: boolean | Progress;
  /** Read each node's live kubelet configuration through the API server's node proxy (`configz`). */
  kubeletConfig?: boolean;
  /** Keep pods, ReplicaSets and Jobs whose controller is scanned too (they repeat its pod template). */
  includeOwned?: boolean;
  /** An open connection to reuse (the operator, diff). */
  client?: ClusterClient;
}

export interface ClusterLoadResult extends LoadResult {
  /** Server and context scanned, for snapshots and reports. */
  server: string;
  context: string;
  /** resourceVersion of each list, by `resource.group`: where a watch resumes. */
  resourceVersions: Map<string, string>;
  /** The resources listed (forbidden and unserved ones excluded). */
  listed: ServedResource[];
}

/**
 * Reads a live cluster into an inventory, read-only: discovery, then every wanted resource
 * listed page by page with bounded concurrency. A kind the identity may not list becomes a note
 * ("not scanned: forbidden") and the scan goes on; Secrets are read as metadata only.
 */
export async function loadClusterInventory(options: ClusterLoadOptions = {}): Promise<ClusterLoadResult> {
  const client = options.client ?? (await ClusterClient.connect(options));
  const result: ClusterLoadResult = {
    inventory: new Inventory(),
    errors: [],
    notes: [],
    files: [CLUSTER_ORIGIN],
    server: client.server,
    context: client.contextName,
    resourceVersions: new Map(),
    listed: [],
  };
  let discovery;
  try {
    discovery = await discover(client);
  } catch (error) {
    if (error instanceof DiscoveryError) throw new InputError(CLUSTER_ORIGIN, undefined, `API discovery failed at ${client.server}${error.message}`);
    throw error;
  }
  for (const missing of discovery.missing) {
    result.notes.push({ file: CLUSTER_ORIGIN, message: `not scanned: ${missing.resource}${missing.group ? `.${missing.group}` : ''} is not served by this cluster` });
  }

  const progress = progressOf(options.progress);
  progress.start(discovery.resources.length);
  const listed: KubeObject[][] = discovery.resources.map(() => []);
  await forEachBounded(discovery.resources, options.concurrency ?? 4, async (resource, index) => {
    const listOptions = { pageSize: options.pageSize ?? 500, onPage: (n: number) => progress.page(n), ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) };
    const outcome = await listResource(client, resource, listOptions);
    progress.kindDone();
    const name = resourceName(resource);
    if (outcome.status === 'listed') {
      listed[index] = outcome.objects;
      result.listed.push(resource);
      if (outcome.resourceVersion !== undefined) result.resourceVersions.set(name, outcome.resourceVersion);
    } else if (outcome.status === 'forbidden') {
      result.notes.push({ file: CLUSTER_ORIGIN, message: `not scanned: forbidden (${name}: this identity may not list ${resource.kind} objects)` });
    } else if (outcome.status === 'failed') {
      result.errors.push({ file: CLUSTER_ORIGIN, message: `cannot list ${name}: ${outcome.message}` });
    }
  });
  progress.finish();

  const objects = listed.flat();
  if (options.kubeletConfig !== false) {
    const nodes = objects.filter((o) => o.kind === 'Node');
    objects.push(...(await kubeletConfigs(client, nodes, options.concurrency ?? 4, result.notes)));
  }
  addClusterObjects(result.inventory, objects, options.includeOwned === true, result.notes);
  return result;
}

/**
 * Adds cluster objects to an inventory, leaving out those whose controller is also there (a
 * pod of a ReplicaSet of a Deployment repeats the Deployment's pod template; its controller
 * carries the findings once). Mirror pods of static control-plane pods are owned by their Node
 * and stay.
 */
export function addClusterObjects(inventory: Inventory, objects: readonly KubeObject[], includeOwned: boolean, notes: LoadNote[]): void {
  const present = new Set<string>();
  for (const o of objects) if (CONTROLLER_KINDS.has(o.kind)) present.add(`${o.kind}\u0000${namespaceOf(o) ?? ''}\u0000${nameOf(o)}`);
  let owned = 0;
  let docIndex = 0;
  for (const object of objects) {
    if (!includeOwned) {
      const controller = object.metadata?.ownerReferences?.find((r) => isRecord(r) && r.controller === true);
      if (controller && CONTROLLER_KINDS.has(controller.kind) && present.has(`${controller.kind}\u0000${namespaceOf(object) ?? ''}\u0000${controller.name}`)) {
        owned++;
        continue;
      }
    }
    inventory.add(object, { file: CLUSTER_ORIGIN, line: 0, docIndex: docIndex++ });
  }
  if (owned > 0) notes.push({ file: CLUSTER_ORIGIN, message: `${owned} objects created by a scanned controller were left out: their controller's template carries their findings` });
}

/**
 * The live kubelet configuration of each node through the API server's node proxy. Proxy access
 * is a powerful permission that a read-only identity rarely holds: the first refusal stops the
 * attempt for every node, with one note.
 */
async function kubeletConfigs(client: ClusterClient, nodes: KubeObject[], concurrency: number, notes: LoadNote[]): Promise<KubeObject[]> {
  const configs: KubeObject[] = [];
  let refused: string | undefined;
  await forEachBounded(nodes, concurrency, async (node) => {
    if (refused !== undefined) return;
    const name = nameOf(node);
    let response;
    try {
      response = await client.get(`/api/v1/nodes/${encodeURIComponent(name)}/proxy/configz`);
    } catch (error) {
      notes.push({ file: CLUSTER_ORIGIN, message: `kubelet configuration of node ${name} not read: ${(error as Error).message}` });
      return;
    }
    if (response.status === 403) {
      refused = statusMessage(response);
      return;
    }
    const config = isRecord(response.body) ? response.body.kubeletconfig : undefined;
    if (response.status !== 200 || !isRecord(config)) {
      notes.push({ file: CLUSTER_ORIGIN, message: `kubelet configuration of node ${name} not read: ${statusMessage(response)}` });
      return;
    }
    configs.push({ ...config, apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', metadata: { name } });
  });
  if (refused !== undefined) notes.push({ file: CLUSTER_ORIGIN, message: `not scanned: forbidden (live kubelet configuration: nodes/proxy ${refused})` });
  return configs.sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
}

export function resourceName(resource: ServedResource): string {
  return resource.group === '' ? resource.resource : `${resource.resource}.${resource.group}`;
}

function progressOf(option: boolean | Progress | undefined): Progress {
  if (typeof option === 'object') return option;
  const wanted = option ?? process.stderr.isTTY === true;
  return wanted ? terminalProgress() : NO_PROGRESS;
}

/** Runs `work` over `items` with at most `limit` at a time; the first failure rejects. */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
