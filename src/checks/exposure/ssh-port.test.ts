import { testCheck } from '../check-tester.js';
import check from './ssh-port.js';

testCheck(check, {
  valid: [{ name: 'web port', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, ports: [{containerPort: 8080}]}]}' }],
  invalid: [
    {
      name: 'SSH port',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a, ports: [{containerPort: 8080}, {containerPort: 22}]}]}',
      errors: [{ messageId: 'ssh', path: 'spec.containers[0].ports[1].containerPort', container: 'a' }],
    },
  ],
});
