import { testCheck } from '../check-tester.js';
import check from './host-path-writable.js';

const pod = (mount: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a\n    volumeMounts:\n    - ${mount}\n  volumes:\n  - {name: host, hostPath: {path: /data}}\n  - {name: scratch, emptyDir: {}}`;

testCheck(check, {
  valid: [
    { name: 'read-only host mount', yaml: pod('{name: host, mountPath: /host, readOnly: true}') },
    { name: 'writable emptyDir', yaml: pod('{name: scratch, mountPath: /tmp}') },
  ],
  invalid: [
    {
      name: 'writable host mount',
      yaml: pod('{name: host, mountPath: /host}'),
      errors: [{ messageId: 'writable', path: 'spec.containers[0].volumeMounts[0].readOnly', container: 'a' }],
      output: pod('{name: host, mountPath: /host, readOnly: true}'),
    },
    {
      name: 'explicitly writable',
      yaml: pod('{name: host, mountPath: /host, readOnly: false}'),
      errors: [{ messageId: 'writable', path: 'spec.containers[0].volumeMounts[0].readOnly' }],
      output: pod('{name: host, mountPath: /host, readOnly: true}'),
    },
  ],
});
