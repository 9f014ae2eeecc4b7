import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './host-ports.js';

const hostPorts = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: i:1
    ports: [{containerPort: 53, hostPort: 53}]
  containers:
  - name: app
    image: a:1
    ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 443}, {containerPort: 9090, hostPort: 9090}]`;

testCheck(check, {
  valid: [
    { name: 'container ports without host ports', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: a:1, ports: [{containerPort: 80}]}' },
    { name: 'hostPort 0 means none', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: a:1, ports: [{containerPort: 80, hostPort: 0}]}' },
  ],
  invalid: [
    {
      name: 'host ports on an init container and an app container',
      yaml: hostPorts,
      errors: [
        { messageId: 'hostPort', path: 'spec.initContainers[0].ports[0].hostPort', container: 'init' },
        { messageId: 'hostPort', path: 'spec.containers[0].ports[0].hostPort', container: 'app' },
        { messageId: 'hostPort', path: 'spec.containers[0].ports[2].hostPort', container: 'app' },
      ],
      output: hostPorts.replace(', hostPort: 53', '').replace(', hostPort: 8080', '').replace(', hostPort: 9090', ''),
    },
    {
      name: 'ephemeral container host port at policy v1.22',
      options: { pssVersion: 'v1.22' },
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n  ephemeralContainers: [{name: e, image: e:1, ports: [{containerPort: 22, hostPort: 2222}]}]',
      errors: [{ messageId: 'hostPort', path: 'spec.ephemeralContainers[0].ports[0].hostPort', container: 'e' }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a:1}]\n  ephemeralContainers: [{name: e, image: e:1, ports: [{containerPort: 22}]}]',
    },
  ],
});

it('host-ports words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, hostPorts), 'hostPort (containers "init", "app" use hostPorts 53, 8080, 9090)');
});
