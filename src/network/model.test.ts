import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadText } from '../load/index.js';
import { parseIPv4 } from './ip.js';
import { buildNetworkModel, endpointName, externalEndpoints, findWorkloads } from './model.js';

const INPUT = `apiVersion: v1
kind: Pod
metadata:
  name: web-7d9c8-aaaaa
  namespace: shop
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9c8, controller: true}]
spec: {containers: [{name: c, image: web, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-7d9c8-bbbbb
  namespace: shop
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9c8, controller: true}]
spec: {containers: [{name: c, image: web, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, labels: {app: web}}
spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: web, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: example.com/v1
kind: Deployment
metadata: {name: not-a-workload, namespace: shop}
spec: {template: {spec: {containers: [{name: c, image: x}]}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  podSelector: {}
  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]`;

const model = buildNetworkModel(loadText(INPUT, 'input.yaml').inventory);

describe('network model', () => {
  it('reports pods by their controller, once, and leaves CRDs out', () => {
    assert.deepEqual(model.workloads.map(endpointName), ['shop/web-7d9c8[ReplicaSet]', 'default/debug[Pod]', 'shop/api[Deployment]']);
  });

  it('groups workloads with the same namespace, labels and ports into one class', () => {
    const [web, debug, api] = model.workloads;
    assert.equal(web!.classId, api!.classId);
    assert.notEqual(web!.classId, debug!.classId);
    assert.equal(model.classes.length, 2);
  });

  it('finds workloads by name, namespace/name or namespace/name[Kind]', () => {
    assert.deepEqual(findWorkloads(model, 'api').map(endpointName), ['shop/api[Deployment]']);
    assert.deepEqual(findWorkloads(model, 'shop/web-7d9c8[ReplicaSet]').length, 1);
    assert.deepEqual(findWorkloads(model, 'other/api'), []);
  });

  it('splits an address range where the policies can tell its parts apart', () => {
    const ip = (t: string) => parseIPv4(t)!;
    const parts = externalEndpoints(model, ip('9.0.0.0'), ip('10.1.0.255'), 'destination');
    assert.deepEqual(parts.map(endpointName), ['9.0.0.0-9.255.255.255[External]', '10.0.0.0-10.0.255.255[External]', '10.1.0.0-10.1.0.255[External]']);
    assert.deepEqual(externalEndpoints(model, ip('9.0.0.0'), ip('10.1.0.255'), 'source').map(endpointName), ['9.0.0.0-10.1.0.255[External]']);
  });
});
