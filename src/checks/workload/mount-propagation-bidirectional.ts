import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { setFieldPatch } from '../../core/json-patch.js';
import { listOf } from './fields.js';

export default defineCheck({
  id: 'mount-propagation-bidirectional',
  code: 'SKD-224',
  title: 'Volume mounted with bidirectional mount propagation',
  description: 'Containers should not mount volumes with `mountPropagation: Bidirectional`.',
  severity: 'high',
  category: 'workload',
  frameworks: { nsa: ['Pod security: hardening container environments'], mitre: ['T1611'] },
  docs: {
    rationale:
      'With Bidirectional propagation, mounts the container makes under the volume propagate back to the host and to every other pod using the same host path: a compromised container can mount over host directories other workloads and the kubelet rely on. Kubernetes allows it only for privileged containers, and only storage drivers need it.',
    remediation: 'Use `HostToContainer` (or leave the default `None`); reserve Bidirectional for CSI node plugins, with an exception.',
    references: ['https://kubernetes.io/docs/concepts/storage/volumes/#mount-propagation'],
    example: { bad: 'volumeMounts:\n- {name: host, mountPath: /host, mountPropagation: Bidirectional}\n', good: 'volumeMounts:\n- {name: host, mountPath: /host, mountPropagation: HostToContainer}\n' },
  },
  messages: {
    bidirectional: '{{object}}: container "{{container}}" mounts volume "{{volume}}" at {{mountPath}} with mountPropagation: Bidirectional, so its mounts reach the host; use HostToContainer or None.',
  },
  scope: 'workload',
  check(workload) {
    const out: Violation<'bidirectional'>[] = [];
    for (const ref of workload.containers) {
      listOf(ref.container.volumeMounts).forEach((mount, i) => {
        if ((mount as { mountPropagation?: unknown })?.mountPropagation !== 'Bidirectional') return;
        const path = [...ref.path, 'volumeMounts', i, 'mountPropagation'];
        out.push({
          messageId: 'bidirectional',
          data: { object: describeWorkload(workload), container: ref.name, volume: String(mount.name ?? '?'), mountPath: String(mount.mountPath ?? '?') },
          path,
          container: ref.name,
          discriminator: String(i),
          // A storage driver that mounts for other pods would stop working.
          fix: setFieldPatch(workload.object, path, 'HostToContainer'),
          fixSafety: 'unsafe',
        });
      });
    }
    return out;
  },
});
