import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './host-path-volume.js';

const hostPaths = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  template:
    spec:
      containers: [{name: a, image: a:1}]
      volumes:
      - {name: scratch, emptyDir: {}}
      - {name: root, hostPath: {path: /}}
      - {name: docker, hostPath: {path: /var/run/docker.sock, type: Socket}}`;

testCheck(check, {
  valid: [
    { name: 'emptyDir, configMap and PVC volumes', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n  volumes:\n  - {name: e, emptyDir: {}}\n  - {name: c, configMap: {name: c}}\n  - {name: d, persistentVolumeClaim: {claimName: d}}' },
  ],
  invalid: [
    {
      name: 'two hostPath volumes in a StatefulSet',
      yaml: hostPaths,
      errors: [
        { messageId: 'hostPath', path: 'spec.template.spec.volumes[1].hostPath' },
        { messageId: 'hostPath', path: 'spec.template.spec.volumes[2].hostPath' },
      ],
    },
    {
      name: 'hostPath at policy v1.0',
      options: { pssVersion: 'v1.0' },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n  volumes: [{name: h, hostPath: {path: /etc}}]',
      errors: [{ messageId: 'hostPath', path: 'spec.volumes[0].hostPath' }],
    },
  ],
});

it('host-path-volume words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, hostPaths), 'hostPath volumes (volumes "root", "docker")');
});
