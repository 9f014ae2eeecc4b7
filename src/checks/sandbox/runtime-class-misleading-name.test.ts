import { testCheck } from '../check-tester.js';
import check from './runtime-class-misleading-name.js';

const rc = (name: string, handler: string) => `apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: ${name}}\nhandler: ${handler}`;

testCheck(check, {
  valid: [
    { name: 'gVisor through runsc', yaml: rc('gvisor', 'runsc') },
    { name: 'Kata', yaml: rc('kata-fc', 'kata-fc') },
    { name: 'ordinary name, ordinary runtime', yaml: rc('high-priority', 'runc') },
  ],
  invalid: [{ name: 'gvisor name on runc', yaml: rc('gvisor', 'runc'), errors: [{ messageId: 'misleading', path: 'handler' }] }],
});
