import { defineCheck } from '../../core/check.js';
import { capabilities, GRANTED_MESSAGE, riskyGrants } from './risky-grant.js';

export default defineCheck({
  id: 'csr-approve',
  code: 'SKD-711',
  title: 'May approve or sign certificate signing requests',
  description: 'A subject may update certificatesigningrequests/approval or /status, or approve or sign for signers.',
  severity: 'high',
  category: 'rbac',
  frameworks: { cis: ['5.1.11'], mitre: ['T1649', 'T1078'] },
  docs: {
    rationale:
      'Approving a CSR for the kube-apiserver-client signer issues a client certificate with any user and groups the request names, system:masters included; certificates cannot be revoked. Signing (status) lets a custom signer issue certificates directly.',
    remediation: 'Keep CSR approval with the controller manager and a small admin group; limit approve on signers with resourceNames.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization'],
    example: { bad: 'rules:\n- apiGroups: [certificates.k8s.io]\n  resources: [certificatesigningrequests/approval]\n  verbs: [update]\n' },
  },
  messages: { granted: GRANTED_MESSAGE },
  scope: 'inventory',
  check(inventory) {
    return riskyGrants(inventory, {
      capabilities: [
        ...capabilities(['update', 'patch'], ['certificatesigningrequests/approval', 'certificatesigningrequests/status'], 'certificates.k8s.io'),
        ...capabilities(['approve', 'sign'], ['signers'], 'certificates.k8s.io'),
      ],
      severity: { cluster: 'high', namespace: 'high' },
    });
  },
});
