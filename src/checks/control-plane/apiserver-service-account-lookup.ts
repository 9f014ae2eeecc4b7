import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'apiserver-service-account-lookup',
  code: 'SKD-908',
  title: 'Deleted service accounts keep working',
  description: 'kube-apiserver should not set --service-account-lookup=false.',
  severity: 'medium',
  category: 'control-plane',
  frameworks: { cis: ['1.2.21'], mitre: ['T1528'] },
  docs: {
    rationale:
      'Without the lookup the API server trusts a service-account token on its signature alone: a token of a ServiceAccount that was deleted, or whose Secret was removed to revoke it, keeps authenticating until it expires, which for legacy tokens is never.',
    remediation: 'Remove `--service-account-lookup=false` from the kube-apiserver command (the default is true).',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#service-account-tokens'],
    example: { bad: 'command:\n- kube-apiserver\n- --service-account-lookup=false\n', good: 'command:\n- kube-apiserver\n' },
  },
  messages: {
    noLookup: '{{component}} sets {{flag}}=false: tokens of deleted service accounts stay valid.',
  },
  ...onComponents(['kube-apiserver'], (c) => (c.flags.get('service-account-lookup')?.value === 'false' ? [flagViolation(c, 'service-account-lookup', 'noLookup' as const)] : [])),
});
