import { testCheck } from '../check-tester.js';
import { kubeletConfig } from '../../../test/cluster/control-plane-cases.js';
import check from './kubelet-protect-kernel-defaults.js';

testCheck(check, {
  valid: [{ name: 'true', yaml: kubeletConfig('protectKernelDefaults: true\n') }],
  invalid: [
    { name: 'default', yaml: kubeletConfig('readOnlyPort: 0\n'), errors: [{ messageId: 'unprotected', path: 'protectKernelDefaults' }] },
    { name: 'a string is not a boolean', yaml: kubeletConfig('protectKernelDefaults: "true"\n'), errors: [{ messageId: 'unprotected' }] },
  ],
});
