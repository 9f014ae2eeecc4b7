import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadText } from '../load/index.js';
import { connlist } from './connectivity.js';
import { diffConnections, formatDiff } from './diff.js';
import { formatConnlist } from './format.js';
import { buildNetworkModel } from './model.js';

const PODS = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: web, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: db, ports: [{containerPort: 5432}]}]}`;

const model = (policy: string) => buildNetworkModel(loadText(`${PODS}\n---\n${policy}`, 'case.yaml').inventory);

describe('connectivity diff', () => {
  it('refines external ranges on both sides and names what opened and closed', () => {
    const before = connlist(model('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]'));
    const after = connlist(
      model(
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: 5432}]\n  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]',
      ),
    );
    const changes = diffConnections(before, after);
    assert.equal(
      formatDiff(changes, 'txt'),
      ['+ 10.0.0.0-10.255.255.255[External] => shop/db[Pod] : All Connections', '~ shop/web[Pod] => shop/db[Pod] : All Connections -> TCP 5432 (closed TCP 1-5431,5433-65535,UDP 1-65535,SCTP 1-65535)'].join('\n'),
    );
    assert.deepEqual(diffConnections(after, after), []);
    const back = diffConnections(after, before);
    assert.deepEqual(back.map((c) => c.change), ['removed', 'changed']);
  });

  it('renders mermaid and dot graphs of a connlist', () => {
    const list = connlist(model('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}'));
    assert.deepEqual(list, []);
    const open = connlist(model('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress: [{to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: 5432}]}]\n  ingress: [{from: [{podSelector: {}}], ports: [{port: 5432}]}]'));
    assert.equal(formatConnlist(open, 'mermaid'), 'flowchart LR\n  n0["shop/web[Pod]"]\n  n1["shop/db[Pod]"]\n  n0 -->|"TCP 5432"| n1');
    assert.match(formatConnlist(open, 'dot'), /"shop\/web\[Pod\]" -> "shop\/db\[Pod\]" \[label="TCP 5432"/);
  });
});
