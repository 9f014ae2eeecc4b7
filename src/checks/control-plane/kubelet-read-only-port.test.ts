import { testCheck } from '../check-tester.js';
import { kubeletConfig } from '../../../test/cluster/control-plane-cases.js';
import check from './kubelet-read-only-port.js';

testCheck(check, {
  valid: [
    { name: 'file default', yaml: kubeletConfig('port: 10250\n') },
    { name: 'zero', yaml: kubeletConfig('readOnlyPort: 0\n') },
  ],
  invalid: [{ name: 'open', yaml: kubeletConfig('readOnlyPort: 10255\n'), errors: [{ messageId: 'open', path: 'readOnlyPort' }], output: kubeletConfig('readOnlyPort: 0\n') }],
});
