import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

/** Resources whose creation or change runs a pod with a spec the requester chooses. */
export const POD_CONTROLLERS = [
  { group: '', resources: ['pods', 'replicationcontrollers', 'podtemplates'] },
  { group: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { group: 'batch', resources: ['jobs', 'cronjobs'] },
] as const;

export default defineCheck({
  id: 'pod-create',
  code: 'SKD-705',
  title: 'May create or change pods',
  description: 'A subject may create, update or patch pods or pod controllers (deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs, replication controllers).',
  severity: 'high',
  category: 'rbac',
  frameworks: { cis: ['5.1.4'], mitre: ['T1610', 'T1528', 'T1611'] },
  docs: {
    rationale:
      'Whoever creates a pod chooses its service account (any of the namespace), its volumes and its security context: the pod can mount and send out the token of the most powerful service account in the namespace, mount secrets by name, or (where admission allows) run privileged on a node. Pod creation is therefore as strong as the strongest identity in the namespace.',
    remediation: 'Deploy through a pipeline or GitOps controller instead of granting people pod creation; where it is needed, confine it to namespaces without powerful service accounts and enforce Pod Security admission.',
    references: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'],
    example: { bad: 'rules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [create, update]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: POD_CONTROLLERS.flatMap((c) => capabilities(['create', 'update', 'patch'], c.resources, c.group)),
      severity: { cluster: 'high', namespace: 'medium' },
    });
  },
});
