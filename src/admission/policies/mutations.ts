import { isRecord, type KubeObject } from '../../core/k8s/object.js';
import { workloadOf } from '../../core/k8s/workload.js';
import { getAt } from '../../core/path.js';
import type { SidecarInjection } from '../settings.js';

/**
 * AlwaysPullImages: every container pulls its image on start, so a pod without pull
 * credentials cannot run a private image another pod left in the node's cache.
 */
export function alwaysPullImages(object: KubeObject): void {
  const workload = workloadOf(object);
  if (!workload) return;
  for (const ref of workload.containers) ref.container.imagePullPolicy = 'Always';
}

/**
 * Istio-style injection: labels and annotations on the pod (the template's metadata for
 * controllers, the object's own otherwise) and sidecar containers appended when no container
 * of that name exists, so injecting twice changes nothing.
 */
export function inject(object: KubeObject, injection: SidecarInjection): void {
  const workload = workloadOf(object);
  const meta = (workload ? workload.podMeta : (object.metadata ??= {})) as Record<string, unknown>;
  if (workload && workload.podMeta !== object.metadata && !isRecord(getAt(object, workload.podMetaPath))) {
    // The template had no metadata: attach the (empty) podMeta view to the object.
    setAt(object, workload.podMetaPath, meta);
  }
  for (const [field, values] of [['labels', injection.labels], ['annotations', injection.annotations]] as const) {
    if (Object.keys(values).length === 0) continue;
    const current = isRecord(meta[field]) ? (meta[field] as Record<string, string>) : (meta[field] = {} as Record<string, string>);
    for (const [key, value] of Object.entries(values)) current[key] = value;
  }
  if (!workload || injection.containers.length === 0) return;
  const containers = Array.isArray(workload.podSpec.containers) ? workload.podSpec.containers : (workload.podSpec.containers = []);
  for (const sidecar of injection.containers) {
    if (!containers.some((c) => isRecord(c) && c.name === sidecar.name)) containers.push(structuredClone(sidecar));
  }
}

function setAt(object: KubeObject, path: readonly (string | number)[], value: unknown): void {
  let node = object as Record<string, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment as string] as Record<string, unknown>;
  node[path[path.length - 1] as string] = value;
}
