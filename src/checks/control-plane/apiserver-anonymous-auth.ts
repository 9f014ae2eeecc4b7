import { defineCheck } from '../../core/check.js';
import { flagViolation, onComponents } from './component-flags.js';

export default defineCheck({
  id: 'apiserver-anonymous-auth',
  code: 'SKD-901',
  title: 'API server accepts anonymous requests',
  description: 'kube-apiserver should run with --anonymous-auth=false so that every request is authenticated.',
  severity: 'medium',
  category: 'control-plane',
  frameworks: { cis: ['1.2.1'], nsa: ['Authentication and authorization'], mitre: ['T1078.001'] },
  docs: {
    rationale:
      'With anonymous authentication on (the default), requests without credentials are served as system:anonymous in group system:unauthenticated. Any RBAC binding to those subjects, or an authorizer mistake, then opens the API to the whole network; health probes do not need it when they use /livez and /readyz with the default public-info-viewer role or a token.',
    remediation: 'Add `--anonymous-auth=false` to the kube-apiserver command in its static pod manifest (or restrict anonymous access to the health endpoints with an AuthenticationConfiguration on v1.32+).',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests', 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/'],
    example: { bad: 'command:\n- kube-apiserver\n- --authorization-mode=Node,RBAC\n', good: 'command:\n- kube-apiserver\n- --anonymous-auth=false\n' },
  },
  messages: {
    anonymous: '{{component}} in container "{{container}}" accepts anonymous requests: {{flag}} is "{{value}}" (set it to false).',
  },
  ...onComponents(['kube-apiserver'], (c) => (c.flags.get('anonymous-auth')?.value !== 'false' ? [flagViolation(c, 'anonymous-auth', 'anonymous' as const, { container: c.container, value: c.flags.get('anonymous-auth')?.value ?? 'true (default)' })] : [])),
});
