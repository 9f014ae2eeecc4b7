import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalImage, imageFromAny, isMutableReference, isPinnedVersionTag, parseImageReference } from './image-reference.js';

describe('parseImageReference', () => {
  const cases: [string, string | undefined][] = [
    ['redis', 'docker.io/library/redis'],
    ['redis:alpine', 'docker.io/library/redis:alpine'],
    ['madhuakula/k8s-goat-home', 'docker.io/madhuakula/k8s-goat-home'],
    ['docker.io/nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx'],
    ['localhost/app', 'localhost/app'],
    ['localhost:5000/team/app:1.0.0', 'localhost:5000/team/app:1.0.0'],
    ['registry.example.com:8443/app', 'registry.example.com:8443/app'],
    ['us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend:v0.10.6', 'us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend:v0.10.6'],
    [
      'busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'docker.io/library/busybox:1.36@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ],
    ['GCR.IO/proj/app', 'gcr.io/proj/app'],
    ['', undefined],
    ['has space', undefined],
    ['Upper/case', undefined],
    ['app:bad/tag', undefined],
    ['app@sha256:short', undefined],
    ['a//b', undefined],
    ['gcr.io/p/a__b/c--d.e', 'gcr.io/p/a__b/c--d.e'],
    ['gcr.io/p/Bad/app', undefined],
    ['gcr.io/p/app/', undefined],
    ['gcr.io/', undefined],
    ['team/a-/app', undefined],
    ['docker.io/team/app', 'docker.io/team/app'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected ?? 'invalid'}`, () => {
      const ref = parseImageReference(input);
      assert.equal(ref ? canonicalImage(ref) : undefined, expected);
    });
  }

  it('treats a port-bearing first component as a registry, not a tag', () => {
    const ref = parseImageReference('myhost:5000/app')!;
    assert.equal(ref.registry, 'myhost:5000');
    assert.equal(ref.tag, undefined);
  });
});

describe('imageFromAny', () => {
  const ref = (s: string) => parseImageReference(s)!;
  it('matches a registry host', () => assert.ok(imageFromAny(ref('gcr.io/p/app:1'), ['gcr.io'])));
  it('matches a repository prefix on a component boundary', () => {
    assert.ok(imageFromAny(ref('ghcr.io/acme/app'), ['ghcr.io/acme']));
    assert.ok(!imageFromAny(ref('ghcr.io/acme-evil/app'), ['ghcr.io/acme']));
  });
  it('knows Docker Hub by its aliases', () => {
    assert.ok(imageFromAny(ref('redis'), ['docker.io/library']));
    assert.ok(imageFromAny(ref('redis'), ['index.docker.io']));
    assert.ok(!imageFromAny(ref('evil.io/redis'), ['docker.io']));
  });
  it('does not let a registry name prefix another host', () => {
    assert.ok(!imageFromAny(ref('gcr.io.evil.com/app'), ['gcr.io']));
  });
});

describe('tag mutability', () => {
  for (const tag of ['v0.10.6', '1.25.3-alpine', '2.4.1', 'sha-1a2b3c4', '20240101', 'build-4f9e2c1d']) {
    it(`${tag} is a pinned version`, () => assert.ok(isPinnedVersionTag(tag)));
  }
  for (const tag of ['latest', 'alpine', '3', '1.25', 'stable', 'main', 'lts-alpine']) {
    it(`${tag} moves`, () => assert.ok(!isPinnedVersionTag(tag)));
  }
  it('a digest pins whatever the tag', () => {
    assert.ok(!isMutableReference(parseImageReference('redis:alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')!));
    assert.ok(isMutableReference(parseImageReference('redis')!));
  });
});
