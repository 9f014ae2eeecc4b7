import type { Workload } from '../core/k8s/workload.js';
import type { FieldPath } from '../core/path.js';

/** Why a pod template gives its containers the node: host namespaces, host paths, privileged mode. */
export interface HostAccess {
  reason: string;
  path: FieldPath;
}

export function hostAccessOf(workload: Workload): HostAccess[] {
  const spec = workload.podSpec;
  const found: HostAccess[] = [];
  for (const field of ['hostPID', 'hostIPC', 'hostNetwork'] as const) {
    if (spec[field] === true) found.push({ reason: `${field}: true`, path: [...workload.podSpecPath, field] });
  }
  (spec.volumes ?? []).forEach((volume, i) => {
    if (volume && typeof volume === 'object' && volume.hostPath) {
      found.push({ reason: `hostPath volume "${String(volume.name)}" (${String(volume.hostPath.path)})`, path: [...workload.podSpecPath, 'volumes', i, 'hostPath'] });
    }
  });
  for (const ref of workload.containers) {
    if (ref.container.securityContext?.privileged === true) {
      found.push({ reason: `container "${ref.name}" is privileged`, path: [...ref.path, 'securityContext', 'privileged'] });
    }
  }
  return found;
}
