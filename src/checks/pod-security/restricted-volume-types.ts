import { defineCheck } from '../../core/check.js';
import { isRecord } from '../../core/k8s/object.js';
import { joinQuote, NSA_POD_SECURITY_ENFORCEMENT, pluralize, podPath, pssControl, sortedSet, stringOr } from './pss.js';

/** Volume sources the restricted level allows: none of them reaches outside the pod's own storage. */
const ALLOWED_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** Every other volume source of the core API. */
const RESTRICTED_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

const present = (volume: Record<string, unknown>, source: string) => volume[source] !== undefined && volume[source] !== null;

export default defineCheck({
  id: 'restricted-volume-types',
  code: 'SKD-113',
  title: 'Restricted volume type',
  description: 'Pods may use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes.',
  severity: 'medium',
  category: 'pod-security',
  frameworks: {
    pss: { level: 'restricted', control: 'Volume Types' },
    nsa: [NSA_POD_SECURITY_ENFORCEMENT],
  },
  docs: {
    rationale:
      "Other volume types mount node directories (hostPath), network filesystems or cloud disks directly by address, bypassing the PersistentVolume layer where an administrator controls what may be attached.",
    remediation: 'Use a PersistentVolumeClaim (backed by a StorageClass or an administrator-created PersistentVolume) instead of naming the storage in the pod.',
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
    example: {
      bad: 'volumes:\n- name: data\n  nfs:\n    server: 10.0.0.2\n    path: /exports\n',
      good: 'volumes:\n- name: data\n  persistentVolumeClaim:\n    claimName: data\n',
    },
  },
  messages: {
    restrictedVolume: 'restricted volume types ({{detail}})',
  },
  scope: 'workload',
  check: pssControl([
    {
      since: 'v1.0',
      evaluate(workload) {
        const volumes = Array.isArray(workload.podSpec.volumes) ? workload.podSpec.volumes : [];
        const bad = volumes.flatMap((volume, index) => {
          if (!isRecord(volume) || ALLOWED_SOURCES.some((source) => present(volume, source))) return [];
          // A volume that names no source the API knows is defaulted to an emptyDir.
          const source = RESTRICTED_SOURCES.find((s) => present(volume, s));
          return source ? [{ name: stringOr(volume.name, ''), type: source, path: podPath(workload, 'volumes', index, source) }] : [];
        });
        if (bad.length === 0) return undefined;
        const types = sortedSet(bad.map((b) => b.type));
        return {
          detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad.map((b) => b.name))} ${pluralize('uses', 'use', bad.length)} ${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
          findings: bad.map((b) => ({ messageId: 'restrictedVolume' as const, path: b.path })),
        };
      },
    },
  ]),
});
