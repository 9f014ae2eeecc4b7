import { testCheck } from '../check-tester.js';
import check from './image-personal-namespace.js';

const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: "${image}"}]}`;

testCheck(check, {
  valid: [
    { name: 'official image', yaml: pod('redis:7.2.4') },
    { name: 'explicit library path', yaml: pod('docker.io/library/redis:7.2.4') },
    { name: 'private registry', yaml: pod('registry.example.com/someone/app:1.0.0') },
    { name: 'trusted publisher', yaml: pod('bitnami/redis:7.2.4'), options: { settings: { images: { trustedNamespaces: ['bitnami'] } } } },
  ],
  invalid: [
    { name: 'user image on Docker Hub', yaml: pod('madhuakula/k8s-goat-home'), errors: [{ messageId: 'personal', path: 'spec.containers[0].image', container: 'a' }] },
    { name: 'Docker Hub written with its alias', yaml: pod('index.docker.io/someone/tool:1.0.0'), errors: [{ messageId: 'personal' }] },
    {
      name: 'configured public registry',
      yaml: pod('ghcr.io/someone/tool:1.0.0'),
      options: { settings: { images: { publicRegistries: ['docker.io', 'ghcr.io'] } } },
      errors: [{ messageId: 'personal' }],
    },
  ],
});
