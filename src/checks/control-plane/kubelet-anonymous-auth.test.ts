import { testCheck } from '../check-tester.js';
import { kubeletConfig } from '../../../test/cluster/control-plane-cases.js';
import check from './kubelet-anonymous-auth.js';

testCheck(check, {
  valid: [
    { name: 'file default', yaml: kubeletConfig('staticPodPath: /etc/kubernetes/manifests\n') },
    { name: 'explicitly false', yaml: kubeletConfig('authentication:\n  anonymous:\n    enabled: false\n') },
  ],
  invalid: [
    {
      name: 'enabled',
      yaml: kubeletConfig('authentication:\n  anonymous:\n    enabled: true\n'),
      errors: [{ messageId: 'anonymous', path: 'authentication.anonymous.enabled' }],
      output: kubeletConfig('authentication:\n  anonymous:\n    enabled: false\n'),
    },
  ],
});
