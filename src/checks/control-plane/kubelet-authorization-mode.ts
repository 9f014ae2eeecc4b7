import { defineCheck, type Violation } from '../../core/check.js';
import { fieldOf } from './component-flags.js';

export default defineCheck({
  id: 'kubelet-authorization-mode',
  code: 'SKD-917',
  title: 'Kubelet authorizes every request',
  description: 'A KubeletConfiguration should use authorization.mode Webhook, never AlwaysAllow.',
  severity: 'critical',
  category: 'control-plane',
  frameworks: { cis: ['4.2.2'], nsa: ['Authentication and authorization'], mitre: ['T1609'] },
  docs: {
    rationale:
      'With AlwaysAllow every authenticated caller, and every anonymous one where anonymous auth is on, may exec into any pod on the node. Webhook mode asks the API server (SubjectAccessReview on the nodes/proxy, nodes/log … subresources), so RBAC decides.',
    remediation: 'Set `authorization.mode: Webhook` (the file default) in the KubeletConfiguration.',
    references: ['https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization'],
    example: { bad: 'kind: KubeletConfiguration\nauthorization:\n  mode: AlwaysAllow\n', good: 'kind: KubeletConfiguration\nauthorization:\n  mode: Webhook\n' },
  },
  messages: {
    alwaysAllow: 'Kubelet configuration "{{name}}" authorizes every request (authorization.mode={{mode}}).',
    noWebhookAuthn: 'Kubelet configuration "{{name}}" turns off webhook authentication: service-account and bootstrap tokens are not recognised.',
  },
  scope: 'object',
  kinds: ['KubeletConfiguration'],
  check(config) {
    const name = config.metadata?.name ?? '(file)';
    const out: Violation<'alwaysAllow' | 'noWebhookAuthn'>[] = [];
    const mode = fieldOf(config, ['authorization', 'mode']);
    if (mode === 'AlwaysAllow') out.push({ messageId: 'alwaysAllow' as const, data: { name, mode: String(mode) }, path: ['authorization', 'mode'], fix: [{ op: 'replace' as const, path: '/authorization/mode', value: 'Webhook' }] });
    if (fieldOf(config, ['authentication', 'webhook', 'enabled']) === false) out.push({ messageId: 'noWebhookAuthn' as const, data: { name }, path: ['authentication', 'webhook', 'enabled'], fix: [{ op: 'replace' as const, path: '/authentication/webhook/enabled', value: true }] });
    return out;
  },
});
