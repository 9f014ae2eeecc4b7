import { testCheck } from '../check-tester.js';
import check from './image-latest-tag.js';

testCheck(check, {
  valid: [
    { name: 'released version', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: "redis:7.2.4"}]}' },
    {
      name: 'latest pinned by digest',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: "redis:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]}',
    },
    { name: 'registry port is not a tag', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: "reg.local:5000/app:1.0.0"}]}' },
    { name: 'a CRD named Pod is not a workload', yaml: 'apiVersion: example.com/v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: redis}]}' },
  ],
  invalid: [
    {
      name: 'untagged image in a Job',
      yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {containers: [{name: miner, image: madhuakula/k8s-goat-batch-check}]}}}',
      errors: [{ messageId: 'noTag', path: 'spec.template.spec.containers[0].image', container: 'miner' }],
    },
    {
      name: 'explicit latest on an init container',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {initContainers: [{name: init, image: "localhost:5000/init:latest"}], containers: [{name: a, image: "app:1.2.3"}]}',
      errors: [{ messageId: 'latest', path: 'spec.initContainers[0].image', container: 'init' }],
    },
  ],
});
