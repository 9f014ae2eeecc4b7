import { testCheck } from '../check-tester.js';
import check from './image-pull-policy-mutable-tag.js';

const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - ${container}`;

testCheck(check, {
  valid: [
    { name: 'pinned version, default policy', yaml: pod('{name: a, image: "app:v0.10.6"}') },
    { name: 'untagged image defaults to Always', yaml: pod('{name: a, image: app}') },
    { name: 'mutable tag pulled Always', yaml: pod('{name: a, image: "redis:alpine", imagePullPolicy: Always}') },
  ],
  invalid: [
    {
      name: 'mutable tag with the implicit IfNotPresent',
      yaml: pod('{name: a, image: "redis:alpine"}'),
      errors: [{ messageId: 'notAlways', path: 'spec.containers[0].imagePullPolicy', container: 'a' }],
      output: pod('{name: a, image: "redis:alpine", imagePullPolicy: Always}'),
    },
    {
      name: 'latest with an explicit IfNotPresent',
      yaml: pod('{name: a, image: "app:latest", imagePullPolicy: IfNotPresent}'),
      errors: [{ messageId: 'notAlways', path: 'spec.containers[0].imagePullPolicy' }],
      output: pod('{name: a, image: "app:latest", imagePullPolicy: Always}'),
    },
  ],
});
