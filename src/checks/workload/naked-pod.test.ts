import { testCheck } from '../check-tester.js';
import check from './naked-pod.js';

testCheck(check, {
  valid: [
    {
      name: 'owned by a ReplicaSet',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: r, controller: true}]}\nspec: {containers: [{name: a, image: a}]}',
    },
    { name: 'a Deployment is a controller', yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: {containers: [{name: a, image: a}]}}}' },
  ],
  invalid: [{ name: 'bare pod', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}]}', errors: [{ messageId: 'naked' }] }],
});
