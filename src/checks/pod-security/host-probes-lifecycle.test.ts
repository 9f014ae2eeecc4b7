import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './host-probes-lifecycle.js';

const hosts = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - name: init
    image: i:1
    lifecycle: {preStop: {tcpSocket: {host: 10.0.0.1, port: 80}}}
  containers:
  - name: app
    image: a:1
    livenessProbe: {httpGet: {host: 169.254.169.254, path: /, port: 80}}
    readinessProbe: {httpGet: {path: /ready, port: 8080}}
    startupProbe: {tcpSocket: {host: "", port: 8080}}`;

testCheck(check, {
  valid: [
    {
      name: 'probes and hooks without a host',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: a:1\n    livenessProbe: {httpGet: {path: /healthz, port: 8080}}\n    lifecycle: {postStart: {exec: {command: [true]}}}',
    },
    { name: 'the control does not exist before policy v1.34', options: { pssVersion: 'v1.33' }, yaml: hosts },
  ],
  invalid: [
    {
      name: 'hosts in a preStop hook and a liveness probe',
      yaml: hosts,
      errors: [
        { messageId: 'host', path: 'spec.initContainers[0].lifecycle.preStop.tcpSocket.host', container: 'init' },
        { messageId: 'host', path: 'spec.containers[0].livenessProbe.httpGet.host', container: 'app' },
      ],
      output: hosts.replace('host: 10.0.0.1, ', '').replace('host: 169.254.169.254, ', ''),
    },
    {
      name: 'postStart httpGet host in a Job template at policy v1.34',
      options: { pssVersion: 'v1.34' },
      yaml: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n      - {name: a, image: a:1, lifecycle: {postStart: {httpGet: {host: example.com, port: 80}}}}',
      errors: [{ messageId: 'host', path: 'spec.template.spec.containers[0].lifecycle.postStart.httpGet.host', container: 'a' }],
      output: 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers:\n      - {name: a, image: a:1, lifecycle: {postStart: {httpGet: {port: 80}}}}',
    },
  ],
});

it('host-probes-lifecycle words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, hosts), 'probe or lifecycle host (containers "app", "init" use probe or lifecycle hosts "10.0.0.1", "169.254.169.254")');
});
