import { testCheck } from '../check-tester.js';
import check from './image-floating-tag.js';

const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: "${image}"}]}`;

testCheck(check, {
  valid: [
    { name: 'full version', yaml: pod('redis:7.2.4-alpine') },
    { name: 'commit id', yaml: pod('app:sha-1a2b3c4d') },
    { name: 'latest is another check', yaml: pod('redis:latest') },
    { name: 'digest pins a moving tag', yaml: pod('redis:alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef') },
  ],
  invalid: [
    { name: 'distribution tag', yaml: pod('redis:alpine'), errors: [{ messageId: 'floating', path: 'spec.containers[0].image', container: 'a' }] },
    { name: 'minor version only', yaml: pod('nginx:1.25'), errors: [{ messageId: 'floating' }] },
  ],
});
