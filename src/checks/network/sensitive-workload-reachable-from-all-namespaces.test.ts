import { testCheck } from '../check-tester.js';
import check from './sensitive-workload-reachable-from-all-namespaces.js';

const DB = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres:16, ports: [{containerPort: 5432}]}]
      volumes: [{name: creds, secret: {secretName: db-creds}}]`;

const allowFrom = (from: string) => `${DB}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: data}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [${from}]
    ports: [{port: 5432}]`;

testCheck(check, {
  valid: [
    { name: 'only pods of its own namespace', yaml: allowFrom('{podSelector: {}}') },
    { name: 'only one named namespace', yaml: allowFrom('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}') },
    {
      name: 'not sensitive',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1}]}`,
    },
    {
      name: 'sensitive label configured, but isolated',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: vault, namespace: sec}
spec:
  template:
    metadata: {labels: {app: vault, data: pii}}
    spec: {containers: [{name: v, image: vault:1}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: sec}
spec: {podSelector: {}}`,
      options: { settings: { network: { sensitiveLabels: ['data=pii'] } } },
    },
  ],
  invalid: [
    { name: 'mounts a Secret and no policy selects it', yaml: DB, errors: [{ messageId: 'reachable' }] },
    { name: 'a rule selecting every namespace', yaml: allowFrom('{namespaceSelector: {}}'), errors: [{ messageId: 'reachable' }] },
    {
      name: 'privileged and unprotected',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: tools}
spec: {containers: [{name: d, image: busybox:1, securityContext: {privileged: true}}]}`,
      errors: [{ messageId: 'reachable' }],
    },
    {
      name: 'configured sensitive label',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: vault, namespace: sec}
spec:
  template:
    metadata: {labels: {app: vault, data: pii}}
    spec: {containers: [{name: v, image: vault:1}]}`,
      options: { settings: { network: { sensitiveLabels: ['data=pii'] } } },
      errors: [{ messageId: 'reachable' }],
    },
  ],
});
