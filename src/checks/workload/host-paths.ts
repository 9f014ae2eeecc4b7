import type { Severity } from '../../core/finding.js';
import { isRecord } from '../../core/k8s/object.js';
import type { Workload } from '../../core/k8s/workload.js';
import type { FieldPath } from '../../core/path.js';

export interface HostPathVolume {
  name: string;
  /** Normalised host path: absolute, no trailing slash, no `.`/`..` segments. */
  hostPath: string;
  /** `hostPath.type` as written (`Socket`, `Directory`, ...), or empty. */
  type: string;
  index: number;
  path: FieldPath;
}

/** The hostPath volumes of a pod, with their paths normalised the way the kernel resolves them. */
export function hostPathVolumes(workload: Workload): HostPathVolume[] {
  const volumes = workload.podSpec.volumes;
  if (!Array.isArray(volumes)) return [];
  const out: HostPathVolume[] = [];
  volumes.forEach((volume, index) => {
    if (!isRecord(volume) || !isRecord(volume.hostPath) || typeof volume.hostPath.path !== 'string') return;
    out.push({
      name: typeof volume.name === 'string' ? volume.name : `#${index}`,
      hostPath: normaliseHostPath(volume.hostPath.path),
      type: typeof volume.hostPath.type === 'string' ? volume.hostPath.type : '',
      index,
      path: [...workload.podSpecPath, 'volumes', index, 'hostPath', 'path'],
    });
  });
  return out;
}

export function normaliseHostPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return '/' + segments.join('/');
}

export interface SensitivePath {
  path: string;
  severity: Severity;
  /** What a container can do with it, for the message. */
  exposes: string;
  /** Paths below it are as sensitive (secrets in any file of the tree). */
  subtree?: boolean;
  runtimeSocket?: boolean;
}

const RUNTIME_SOCKET = 'control of the container runtime: start a privileged container and take over the node';

/** Host paths that hand a container the node, ordered from the most specific. */
export const SENSITIVE_HOST_PATHS: readonly SensitivePath[] = [
  ...[
    '/var/run/docker.sock',
    '/run/docker.sock',
    '/var/run/containerd/containerd.sock',
    '/run/containerd/containerd.sock',
    '/var/run/crio/crio.sock',
    '/run/crio/crio.sock',
    '/var/run/cri-dockerd.sock',
    '/run/cri-dockerd.sock',
    '/var/run/dockershim.sock',
    '/run/podman/podman.sock',
    '/run/k3s/containerd/containerd.sock',
  ].map((path) => ({ path, severity: 'critical' as const, exposes: RUNTIME_SOCKET, runtimeSocket: true })),
  { path: '/var/run/docker', severity: 'critical', exposes: RUNTIME_SOCKET, runtimeSocket: true },
  { path: '/run/containerd', severity: 'critical', exposes: RUNTIME_SOCKET, runtimeSocket: true },
  { path: '/var/run/containerd', severity: 'critical', exposes: RUNTIME_SOCKET, runtimeSocket: true },
  { path: '/var/run', severity: 'critical', exposes: 'every container runtime socket on the node', runtimeSocket: true },
  { path: '/run', severity: 'critical', exposes: 'every container runtime socket on the node', runtimeSocket: true },
  { path: '/var/lib/kubelet', severity: 'critical', exposes: "the kubelet's credentials and every pod's mounted secrets", subtree: true },
  { path: '/etc/kubernetes', severity: 'critical', exposes: 'cluster PKI and admin kubeconfigs', subtree: true },
  { path: '/var/lib/etcd', severity: 'critical', exposes: 'the etcd database with every Secret of the cluster', subtree: true },
  { path: '/proc', severity: 'critical', exposes: 'host kernel interfaces (writing /proc/sys/kernel/core_pattern escapes to the host)' },
  { path: '/', severity: 'critical', exposes: 'the whole host filesystem' },
  { path: '/etc', severity: 'high', exposes: 'host configuration and credentials (shadow, SSH host keys, kubelet config)' },
  { path: '/root', severity: 'high', exposes: "root's SSH keys and credentials", subtree: true },
  { path: '/home', severity: 'high', exposes: "users' SSH keys and credentials", subtree: true },
  { path: '/var/lib/docker', severity: 'high', exposes: 'the filesystems of every container on the node', subtree: true },
  { path: '/var/lib/containerd', severity: 'high', exposes: 'the filesystems of every container on the node', subtree: true },
  { path: '/var/log', severity: 'high', exposes: 'host logs (symlinks planted there let the kubelet read any host file)' },
  { path: '/sys', severity: 'high', exposes: 'kernel and device settings (cgroups, kernel parameters)' },
  { path: '/dev', severity: 'high', exposes: 'raw host devices (disks, memory)' },
  { path: '/boot', severity: 'high', exposes: 'the kernel and boot loader' },
  { path: '/lib/modules', severity: 'high', exposes: 'kernel modules' },
  { path: '/srv/kubernetes', severity: 'critical', exposes: 'cluster PKI and credentials', subtree: true },
  { path: '/var/lib/kube-scheduler', severity: 'high', exposes: "the scheduler's kubeconfig", subtree: true },
  { path: '/var/lib/kube-controller-manager', severity: 'high', exposes: "the controller manager's kubeconfig", subtree: true },
  { path: '/etc/shadow', severity: 'high', exposes: 'host password hashes' },
  { path: '/etc/passwd', severity: 'high', exposes: 'host accounts (writable: a new root account)' },
  { path: '/etc/group', severity: 'high', exposes: 'host groups (writable: membership in privileged groups)' },
  { path: '/etc/sudoers', severity: 'high', exposes: 'host sudo rules', subtree: true },
  { path: '/etc/ssh', severity: 'high', exposes: 'SSH host keys and daemon configuration', subtree: true },
  { path: '/etc/systemd', severity: 'high', exposes: 'systemd units that run as root on the host', subtree: true },
  { path: '/lib/systemd', severity: 'high', exposes: 'systemd units that run as root on the host', subtree: true },
  { path: '/usr/lib/systemd', severity: 'high', exposes: 'systemd units that run as root on the host', subtree: true },
  { path: '/etc/cni', severity: 'high', exposes: 'CNI configuration the kubelet executes as root', subtree: true },
  { path: '/opt/cni/bin', severity: 'high', exposes: 'CNI plugin binaries the kubelet executes as root', subtree: true },
  { path: '/usr/bin', severity: 'high', exposes: 'host binaries, the container runtime among them (replacing runc escapes every container, CVE-2019-5736)', subtree: true },
  { path: '/usr/sbin', severity: 'high', exposes: 'host binaries an attacker can replace', subtree: true },
  { path: '/usr/local/bin', severity: 'high', exposes: 'host binaries an attacker can replace', subtree: true },
  { path: '/usr', severity: 'high', exposes: 'host binaries an attacker can replace' },
  { path: '/bin', severity: 'high', exposes: 'host binaries an attacker can replace', subtree: true },
  { path: '/sbin', severity: 'high', exposes: 'host binaries an attacker can replace', subtree: true },
  { path: '/lib', severity: 'high', exposes: 'host libraries an attacker can replace' },
];

/**
 * The sensitive path a host path exposes: the path itself, a sensitive tree it lies within,
 * or, when it is an ancestor of a sensitive path (`/var` holds `/var/run/docker.sock`), the
 * most severe one it contains.
 */
export function sensitiveHostPath(hostPath: string, type = ''): SensitivePath | undefined {
  const exact = SENSITIVE_HOST_PATHS.find((s) => s.path === hostPath || (s.subtree === true && hostPath.startsWith(s.path + '/')));
  if (exact) return exact;
  if (hostPath === '/') return SENSITIVE_HOST_PATHS.find((s) => s.path === '/');
  const contained = SENSITIVE_HOST_PATHS.filter((s) => s.path.startsWith(hostPath + '/'));
  if (contained.length === 0) {
    // Any other daemon's socket hands its privileges to whoever can connect (libvirt, systemd, agents).
    if (type === 'Socket' || hostPath.endsWith('.sock')) return { path: hostPath, severity: 'high', exposes: "a host daemon's socket, acting with that daemon's privileges" };
    return undefined;
  }
  const worst = contained.find((s) => s.severity === 'critical') ?? contained[0]!;
  return { ...worst, path: hostPath, exposes: `${worst.path}: ${worst.exposes}`, subtree: false };
}
