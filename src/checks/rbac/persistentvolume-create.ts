import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'persistentvolume-create',
  code: 'SKD-713',
  title: 'May create persistent volumes',
  description: 'A subject may create PersistentVolumes, including hostPath volumes on the nodes.',
  severity: 'high',
  category: 'rbac',
  frameworks: { cis: ['5.1.9'], mitre: ['T1611'] },
  docs: {
    rationale:
      'A PersistentVolume may be a hostPath: a claim bound to it mounts any directory of the node (its root, the kubelet\'s credentials, the container runtime socket) into a pod, past Pod Security admission, which does not look at PersistentVolumes.',
    remediation: 'Provision volumes through StorageClasses; let only storage administrators create PersistentVolumes.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation'],
    example: { bad: 'rules:\n- apiGroups: [""]\n  resources: [persistentvolumes]\n  verbs: [create]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: capabilities(['create'], ['persistentvolumes'], ''),
      severity: { cluster: 'high', namespace: 'high' },
    });
  },
});
