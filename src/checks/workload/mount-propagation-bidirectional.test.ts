import { testCheck } from '../check-tester.js';
import check from './mount-propagation-bidirectional.js';

const pod = (propagation: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a\n    volumeMounts: [{name: h, mountPath: /host, mountPropagation: ${propagation}}]\n  volumes: [{name: h, hostPath: {path: /mnt}}]`;

testCheck(check, {
  valid: [{ name: 'host to container', yaml: pod('HostToContainer') }],
  invalid: [
    {
      name: 'bidirectional',
      yaml: pod('Bidirectional'),
      errors: [{ messageId: 'bidirectional', path: 'spec.containers[0].volumeMounts[0].mountPropagation', container: 'a' }],
      output: pod('HostToContainer'),
    },
  ],
});
