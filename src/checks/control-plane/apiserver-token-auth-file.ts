import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'apiserver-token-auth-file',
  code: 'SKD-909',
  title: 'Static token file authentication',
  description: 'kube-apiserver should not authenticate users from a static --token-auth-file.',
  severity: 'high',
  category: 'control-plane',
  frameworks: { cis: ['1.2.2'], nsa: ['Authentication and authorization'], mitre: ['T1078', 'T1552.001'] },
  docs: {
    rationale:
      'Static tokens are kept in clear text on the control-plane node, never expire, and can only be changed by restarting the API server: a leaked token is a permanent credential.',
    remediation: 'Remove `--token-auth-file` and authenticate people with client certificates, OIDC or a webhook, and workloads with service-account tokens.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#static-token-file'],
    example: { bad: 'command:\n- kube-apiserver\n- --token-auth-file=/etc/kubernetes/tokens.csv\n', good: 'command:\n- kube-apiserver\n' },
  },
  messages: {
    tokenFile: '{{component}} reads static bearer tokens from {{flag}}={{value}}.',
  },
  ...onComponents(['kube-apiserver'], (c) => (c.flags.get('token-auth-file')?.value ? [flagViolation(c, 'token-auth-file', 'tokenFile' as const, { value: c.flags.get('token-auth-file')!.value })] : [])),
});
