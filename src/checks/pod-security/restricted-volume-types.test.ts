import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './restricted-volume-types.js';

const restricted = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  template:
    spec:
      containers: [{name: a, image: a:1}]
      volumes:
      - {name: data, nfs: {server: 10.0.0.2, path: /exports}}
      - {name: tmp, emptyDir: {}}
      - {name: host, hostPath: {path: /var/log}}`;

testCheck(check, {
  valid: [
    {
      name: 'every allowed volume type',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: a, image: a:1}]
  volumes:
  - {name: a, configMap: {name: c}}
  - {name: b, csi: {driver: d}}
  - {name: c, downwardAPI: {items: []}}
  - {name: d, emptyDir: {}}
  - {name: e, ephemeral: {volumeClaimTemplate: {spec: {}}}}
  - {name: f, image: {reference: "registry.example/data:1"}}
  - {name: g, persistentVolumeClaim: {claimName: g}}
  - {name: h, projected: {sources: []}}
  - {name: i, secret: {secretName: s}}
  - {name: j}`,
    },
  ],
  invalid: [
    {
      name: 'nfs and hostPath volumes',
      yaml: restricted,
      errors: [
        { messageId: 'restrictedVolume', path: 'spec.template.spec.volumes[0].nfs' },
        { messageId: 'restrictedVolume', path: 'spec.template.spec.volumes[2].hostPath' },
      ],
    },
    {
      name: 'gitRepo at policy v1.22',
      options: { pssVersion: 'v1.22' },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n  volumes: [{name: src, gitRepo: {repository: "https://example.com/r.git"}}]',
      errors: [{ messageId: 'restrictedVolume', path: 'spec.volumes[0].gitRepo' }],
    },
  ],
});

it('restricted-volume-types words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, restricted), 'restricted volume types (volumes "data", "host" use restricted volume types "hostPath", "nfs")');
});
