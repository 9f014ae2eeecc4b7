import { defineCheck } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import { joinQuote, NSA_POD_SECURITY_ENFORCEMENT, pluralize, podPath, pssControl, stringOr } from './pss.js';

export default defineCheck({
  id: 'host-path-volume',
  code: 'SKD-104',
  title: 'hostPath volume',
  description: "Pods must not mount directories of the node's filesystem (hostPath volumes).",
  severity: 'high',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'baseline', control: 'HostPath Volumes' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
    cis: ['5.2.12'],
    mitre: ['T1611'],
  },
  docs: {
    rationale:
      "A hostPath volume gives the container the node's files: runtime sockets, kubelet credentials, other pods' data, or the whole root filesystem. It is the most common path from a compromised container to the node.",
    remediation: 'Replace hostPath volumes with emptyDir, ConfigMap, Secret, projected or persistent volumes.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    example: {
      bad: 'volumes:\n- name: host\n  hostPath:\n    path: /\n',
      good: 'volumes:\n- name: scratch\n  emptyDir: {}\n',
    },
  },
  messages: {
    hostPath: 'hostPath volumes ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    {
      since: 'v1.0',
      evaluate(workload) {
        const volumes = Array.isArray(workload.podSpec.volumes) ? workload.podSpec.volumes : [];
        const bad = volumes.flatMap((volume, index) => (isRecord(volume) && isRecord(volume.hostPath) ? [{ volume, index }] : []));
        if (bad.length === 0) return undefined;
        const names = bad.map(({ volume }) => stringOr(volume.name, ''));
        return {
          detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
          findings: bad.map(({ index }) => ({ messageId: 'hostPath' as const, path: podPath(workload, 'volumes', index, 'hostPath') })),
        };
      },
    },
  ]),
});
