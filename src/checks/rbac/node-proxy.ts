import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'node-proxy',
  code: 'SKD-710',
  title: 'May reach the kubelet API through nodes/proxy',
  description: 'A subject may get or create nodes/proxy, which proxies requests to every kubelet.',
  severity: 'critical',
  category: 'rbac',
  frameworks: { cis: ['5.1.10'], mitre: ['T1609', 'T1611'] },
  docs: {
    rationale:
      'nodes/proxy forwards requests to the kubelet API of any node: `/exec` and `/run` execute commands in every pod of the node, bypassing admission and most audit logging. It is as strong as exec into every pod of the cluster.',
    remediation: 'Grant metrics scrapers nodes/metrics and nodes/stats instead; remove nodes/proxy.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes'],
    example: { bad: 'rules:\n- apiGroups: [""]\n  resources: [nodes/proxy]\n  verbs: [get]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: capabilities(['get', 'create'], ['nodes/proxy'], ''),
      severity: { cluster: 'critical', namespace: 'critical' },
    });
  },
});
