import { testCheck } from '../check-tester.js';
import check from './node-name-pinned.js';

testCheck(check, {
  valid: [{ name: 'node selector', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {nodeSelector: {disk: ssd}, containers: [{name: a, image: a}]}' }],
  invalid: [
    {
      name: 'control-plane node named',
      yaml: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec: {template: {spec: {nodeName: master-0, containers: [{name: a, image: a}]}}}',
      errors: [{ messageId: 'pinned', path: 'spec.template.spec.nodeName' }],
    },
  ],
});
