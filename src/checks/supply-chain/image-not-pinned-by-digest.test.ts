import { testCheck } from '../check-tester.js';
import check from './image-not-pinned-by-digest.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

testCheck(check, {
  valid: [
    { name: 'pinned by digest', yaml: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: "busybox@${DIGEST}"}]}` },
    { name: 'tag and digest', yaml: `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: "busybox:1.36@${DIGEST}"}]}` },
  ],
  invalid: [
    {
      name: 'version tag only',
      yaml: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec: {template: {spec: {containers: [{name: a, image: "nginx:1.27.3"}]}}}',
      errors: [{ messageId: 'notPinned', path: 'spec.template.spec.containers[0].image', container: 'a' }],
    },
  ],
});
