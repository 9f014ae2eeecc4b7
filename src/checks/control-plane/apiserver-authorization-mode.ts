import { defineCheck, type Violation } from '../../core/check.js';
import { flagViolation, listFlag, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'apiserver-authorization-mode',
  code: 'SKD-902',
  title: 'API server authorization is not Node and RBAC',
  description: 'kube-apiserver --authorization-mode should include Node and RBAC and never AlwaysAllow.',
  severity: 'critical',
  category: 'control-plane',
  frameworks: { cis: ['1.2.6', '1.2.7', '1.2.8'], nsa: ['Authentication and authorization'], mitre: ['T1078'] },
  docs: {
    rationale:
      'AlwaysAllow (the default when the flag is absent) lets every authenticated caller do anything. Without RBAC no role or binding means anything; without the Node authorizer every kubelet can read every Secret and ConfigMap of the cluster instead of only those of its own pods.',
    remediation: 'Set `--authorization-mode=Node,RBAC` on kube-apiserver (add Webhook after them if an external authorizer is used).',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authorization/', 'https://kubernetes.io/docs/reference/access-authn-authz/node/'],
    example: { bad: 'command:\n- kube-apiserver\n- --authorization-mode=AlwaysAllow\n', good: 'command:\n- kube-apiserver\n- --authorization-mode=Node,RBAC\n' },
  },
  messages: {
    alwaysAllow: '{{component}} authorizes every request: {{flag}} is "{{value}}" (use Node,RBAC).',
    missingNode: '{{component}} does not use the Node authorizer ({{flag}}={{value}}): kubelets can read every Secret.',
    missingRbac: '{{component}} does not use RBAC ({{flag}}={{value}}): roles and bindings have no effect.',
  },
  ...onComponents(['kube-apiserver'], (c): Violation<'alwaysAllow' | 'missingNode' | 'missingRbac'>[] => {
    const modes = listFlag(c.flags, 'authorization-mode');
    const value = modes.length > 0 ? modes.join(',') : 'AlwaysAllow (default)';
    if (modes.length === 0 || modes.includes('AlwaysAllow')) return [flagViolation(c, 'authorization-mode', 'alwaysAllow' as const, { value })];
    const out: Violation<'missingNode' | 'missingRbac'>[] = [];
    if (!modes.includes('Node')) out.push(flagViolation(c, 'authorization-mode', 'missingNode' as const, { value }));
    if (!modes.includes('RBAC')) out.push(flagViolation(c, 'authorization-mode', 'missingRbac' as const, { value }));
    return out;
  }),
});
