import { defineCheck, type Violation } from '../../core/check.js';
import { describeWorkload } from '../../core/k8s/workload.js';
import { setFieldPatch } from '../../core/json-patch.js';
import { hostPathVolumes } from './host-paths.js';
import { listOf } from './fields.js';

export default defineCheck({
  id: 'host-path-writable',
  code: 'SKD-209',
  title: 'Host path mounted writable',
  description: 'Containers that mount a hostPath volume should mount it read-only.',
  severity: 'medium',
  category: 'workload',
  frameworks: { nsa: ['Pod security: immutable container file systems'], cis: ['5.2.12'], mitre: ['T1611'] },
  docs: {
    rationale:
      'A writable host mount lets a compromised container plant files on the node (cron jobs, binaries, kubelet static pod manifests, symlinks) that outlive the pod and run outside any container.',
    remediation: 'Set `readOnly: true` on every volumeMount of a hostPath volume, or use a volume type that does not touch the node.',
    example: { bad: 'volumeMounts:\n- {name: logs, mountPath: /host/logs}\n', good: 'volumeMounts:\n- {name: logs, mountPath: /host/logs, readOnly: true}\n' },
  },
  messages: {
    writable: '{{object}}: container "{{container}}" mounts host path {{hostPath}} (volume "{{volume}}") at {{mountPath}} without readOnly: true; set readOnly: true.',
  },
  scope: 'workload',
  check(workload) {
    const byName = new Map(hostPathVolumes(workload).map((v) => [v.name, v]));
    const out: Violation<'writable'>[] = [];
    if (byName.size === 0) return out;
    for (const ref of workload.containers) {
      listOf(ref.container.volumeMounts).forEach((mount, i) => {
        const volume = typeof mount?.name === 'string' ? byName.get(mount.name) : undefined;
        if (!volume || mount.readOnly === true) return;
        const path = [...ref.path, 'volumeMounts', i, 'readOnly'];
        out.push({
          messageId: 'writable',
          data: { object: describeWorkload(workload), container: ref.name, hostPath: volume.hostPath, volume: volume.name, mountPath: String(mount.mountPath ?? '?') },
          path,
          container: ref.name,
          discriminator: volume.name,
          // The container may need to write there (a log shipper's position file, a CSI driver).
          fix: setFieldPatch(workload.object, path, true),
          fixSafety: 'unsafe',
        });
      });
    }
    return out;
  },
});
