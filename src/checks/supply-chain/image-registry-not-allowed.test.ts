import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck, violationsOf } from '../check-tester.js';
import check from './image-registry-not-allowed.js';

const settings = { images: { allowedRegistries: ['registry.example.com', 'ghcr.io/acme', 'docker.io/library'] } };
const pod = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec: {containers: [{name: a, image: "${image}"}]}`;

testCheck(check, {
  valid: [
    { name: 'no allow-list configured', yaml: pod('evil.io/miner:1.0.0') },
    { name: 'allowed host', yaml: pod('registry.example.com/team/app:1.0.0'), options: { settings } },
    { name: 'allowed path prefix', yaml: pod('ghcr.io/acme/app:1.0.0'), options: { settings } },
    { name: 'official Docker Hub image allowed as docker.io/library', yaml: pod('redis:7.2.4'), options: { settings } },
  ],
  invalid: [
    { name: 'other registry', yaml: pod('quay.io/evil/app:1.0.0'), options: { settings }, errors: [{ messageId: 'notAllowed', path: 'spec.containers[0].image', container: 'a' }] },
    { name: 'prefix must end at a path component', yaml: pod('ghcr.io/acme-evil/app:1.0.0'), options: { settings }, errors: [{ messageId: 'notAllowed' }] },
    { name: 'user image on Docker Hub', yaml: pod('madhuakula/k8s-goat-home'), options: { settings }, errors: [{ messageId: 'notAllowed' }] },
    { name: 'unparsable reference', yaml: pod('Not An Image'), options: { settings }, errors: [{ messageId: 'unparsable' }] },
  ],
});

it('a misspelt settings key is an error, not a silently disabled check', () => {
  assert.throws(() => violationsOf(check, pod('evil.io/x:1.0.0'), { settings: { images: { allowedRegistry: ['gcr.io'] } } }), /images\.allowedRegistry: unknown key/);
  assert.throws(() => violationsOf(check, pod('evil.io/x:1.0.0'), { settings: { images: { allowedRegistries: 'gcr.io' } } }), /expected a list of strings/);
});
