import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'pod-exec',
  code: 'SKD-706',
  title: 'May exec into, attach to or port-forward to pods',
  description: 'A subject may use pods/exec, pods/attach or pods/portforward.',
  severity: 'high',
  category: 'rbac',
  frameworks: { mitre: ['T1609', 'T1528'] },
  docs: {
    rationale:
      'Exec and attach run commands inside running containers: the subject reads the pod\'s mounted service-account token and secrets and acts as the workload. Port-forward reaches pod ports that network policy and authentication in front of the service would otherwise protect. Over WebSockets these are reachable with `get` as well as `create`.',
    remediation: 'Grant exec only for break-glass debugging, in the namespaces concerned; prefer ephemeral debug containers with audit.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation'],
    example: { bad: 'rules:\n- apiGroups: [""]\n  resources: [pods/exec]\n  verbs: [create]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: capabilities(['create', 'get'], ['pods/exec', 'pods/attach', 'pods/portforward'], ''),
      severity: { cluster: 'high', namespace: 'medium' },
    });
  },
});
