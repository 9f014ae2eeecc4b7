import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { hostPathVolumes, sensitiveHostPath } from './host-paths.js';

export default defineCheck({
  id: 'sensitive-host-path',
  code: 'SKD-208',
  title: 'Sensitive host path mounted',
  description: 'Pods must not mount container runtime sockets or sensitive host directories (/, /etc, /proc, /var/lib/kubelet, …).',
  severity: 'high',
  category: 'workload',
  frameworks: { nsa: ['Pod security: hardening container environments'], cis: ['5.2.12'], mitre: ['T1611', 'T1552.001'] },
  docs: {
    rationale:
      'Some host paths are the node: the container runtime socket lets a container start a privileged container on the host; `/`, `/proc`, `/etc`, the kubelet and etcd directories hold the credentials and kernel interfaces of the node and of every pod on it. These are rated above an ordinary hostPath volume (critical for runtime sockets, the root, /proc and the kubelet, etcd and Kubernetes directories).',
    remediation:
      'Remove the hostPath volume. Agents that truly need host access (node monitoring, log shippers) should mount the narrowest path read-only and run in a dedicated, locked-down namespace with an exception that records why.',
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath', 'https://github.com/BishopFox/badPods'],
    example: { bad: 'volumes:\n- name: docker\n  hostPath: {path: /var/run/docker.sock}\n' },
  },
  messages: {
    runtimeSocket: '{{object}}: volume "{{volume}}" mounts the host path {{hostPath}}, giving the pod {{exposes}}; remove the volume.',
    sensitive: '{{object}}: volume "{{volume}}" mounts the host path {{hostPath}}, exposing {{exposes}}; remove the volume or mount the narrowest path read-only.',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<'runtimeSocket' | 'sensitive'>[] = [];
    for (const volume of hostPathVolumes(workload)) {
      const sensitive = sensitiveHostPath(volume.hostPath, volume.type);
      if (!sensitive) continue;
      out.push({
        messageId: sensitive.runtimeSocket ? 'runtimeSocket' : 'sensitive',
        data: { object: describeWorkload(workload), volume: volume.name, hostPath: volume.hostPath, exposes: sensitive.exposes },
        path: volume.path,
        severity: sensitive.severity,
      });
    }
    return out;
  },
});
