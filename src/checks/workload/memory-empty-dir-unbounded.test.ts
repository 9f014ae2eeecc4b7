import { testCheck } from '../check-tester.js';
import check from './memory-empty-dir-unbounded.js';

const pod = (emptyDir: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}], volumes: [{name: cache, emptyDir: ${emptyDir}}]}`;

testCheck(check, {
  valid: [
    { name: 'disk-backed', yaml: pod('{}') },
    { name: 'bounded tmpfs', yaml: pod('{medium: Memory, sizeLimit: 64Mi}') },
  ],
  invalid: [{ name: 'unbounded tmpfs', yaml: pod('{medium: Memory}'), errors: [{ messageId: 'unbounded', path: 'spec.volumes[0].emptyDir' }] }],
});
