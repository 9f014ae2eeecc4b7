import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadText } from '../load/index.js';
import { parsePortSpec } from './connections.js';
import { explain, explanationJson, formatExplanation } from './explain.js';
import { buildNetworkModel, findWorkloads, INGRESS_CONTROLLER } from './model.js';

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {tier: apps}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: web, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: db, ports: [{containerPort: 5432}]}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: protect-db}
spec:
  priority: 5
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  ingress:
  - {name: no-ssh, action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {protocol: TCP, port: 22}}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
  - {name: only-postgres, action: Deny, from: [{namespaces: {matchLabels: {tier: apps}}}], ports: [{portRange: {protocol: TCP, start: 1, end: 5431}}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]}}]`;

const model = buildNetworkModel(loadText(CLUSTER, 'cluster.yaml').inventory);
const web = findWorkloads(model, 'shop/web')[0]!;
const db = findWorkloads(model, 'shop/db')[0]!;

describe('explain', () => {
  it('names the admin policy rule that denied, and the baseline rule', () => {
    const ssh = explain(model, web, db, parsePortSpec('22/TCP'));
    assert.equal(ssh.query?.allowed, false);
    assert.deepEqual(ssh.query?.decidedBy, ['Ingress']);
    assert.deepEqual(ssh.ingress.deniedBy.map((r) => (r.kind === 'admin' ? `${r.policy}/${r.rule}/${r.action}` : r.kind)), ['protect-db/no-ssh/Deny', 'default/only-postgres/Deny']);
    const text = formatExplanation(ssh);
    assert.match(text, /TCP 22: DENIED/);
    assert.match(text, /AdminNetworkPolicy 'protect-db' \(priority 5\) Ingress rule 'no-ssh' \(Deny\) matches TCP 22/);
    const postgres = explain(model, web, db, parsePortSpec('5432'));
    assert.equal(postgres.query?.allowed, true);
    assert.match(formatExplanation(postgres), /no NetworkPolicy selects shop\/db\[Pod\] for Ingress: the rest is allowed by default/);
  });

  it('says when nothing restricts a direction, and what an Ingress exposes', () => {
    const e = explain(model, db, web);
    assert.deepEqual(e.egress.allowedBy.map((r) => r.text), ['no policy selects shop/db[Pod] for Egress: allowed by default']);
    const fromController = explain(model, INGRESS_CONTROLLER, web);
    assert.equal((explanationJson(fromController) as { allowed: string }).allowed, 'TCP 8080');
    assert.ok(fromController.ingress.allowedBy.some((r) => r.kind === 'exposure' && r.text === 'Ingress/Route exposes TCP 8080 of shop/web[Pod]'));
  });
});
