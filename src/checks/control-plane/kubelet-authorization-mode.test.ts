import { testCheck } from '../check-tester.js';
import { kubeletConfig } from '../../../test/cluster/control-plane-cases.js';
import check from './kubelet-authorization-mode.js';

testCheck(check, {
  valid: [
    { name: 'file default', yaml: kubeletConfig('readOnlyPort: 0\n') },
    { name: 'Webhook', yaml: kubeletConfig('authorization:\n  mode: Webhook\nauthentication:\n  webhook:\n    enabled: true\n') },
  ],
  invalid: [
    {
      name: 'AlwaysAllow',
      yaml: kubeletConfig('authorization:\n  mode: AlwaysAllow\n'),
      errors: [{ messageId: 'alwaysAllow', path: 'authorization.mode' }],
      output: kubeletConfig('authorization:\n  mode: Webhook\n'),
    },
    {
      name: 'webhook authentication off',
      yaml: kubeletConfig('authentication:\n  webhook:\n    enabled: false\n'),
      errors: [{ messageId: 'noWebhookAuthn', path: 'authentication.webhook.enabled' }],
      output: kubeletConfig('authentication:\n  webhook:\n    enabled: true\n'),
    },
  ],
});
