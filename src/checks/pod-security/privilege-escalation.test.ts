import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck } from '../check-tester.js';
import { verdictOf } from './verdict.js';
import check from './privilege-escalation.js';

const escalating = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers: [{name: init, image: i:1}]
      containers:
      - {name: app, image: a:1, securityContext: {allowPrivilegeEscalation: true}}
      - {name: side, image: s:1, securityContext: {allowPrivilegeEscalation: false}}`;

const windowsPod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n  containers: [{name: a, image: a:1}]';

testCheck(check, {
  valid: [
    { name: 'every container sets false', yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: i, image: i:1, securityContext: {allowPrivilegeEscalation: false}}]\n  containers: [{name: a, image: a:1, securityContext: {allowPrivilegeEscalation: false}}]' },
    { name: 'the control does not exist before policy v1.8', options: { pssVersion: 'v1.7' }, yaml: escalating },
    { name: 'Windows pods are exempt from policy v1.25', yaml: windowsPod },
  ],
  invalid: [
    {
      name: 'unset on an init container, true on an app container',
      yaml: escalating,
      errors: [
        { messageId: 'allowPrivilegeEscalation', path: 'spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation', container: 'init' },
        { messageId: 'allowPrivilegeEscalation', path: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', container: 'app' },
      ],
      output: escalating
        .replace('{name: init, image: i:1}', '{name: init, image: i:1, securityContext: {allowPrivilegeEscalation: false}}')
        .replace('allowPrivilegeEscalation: true', 'allowPrivilegeEscalation: false'),
    },
    {
      name: 'Windows pods were not exempt before policy v1.25',
      options: { pssVersion: 'v1.24' },
      yaml: windowsPod,
      errors: [{ messageId: 'allowPrivilegeEscalation', path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', container: 'a' }],
      output: 'apiVersion: v1\nkind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n  containers: [{name: a, image: a:1, securityContext: {allowPrivilegeEscalation: false}}]',
    },
  ],
});

it('privilege-escalation words its verdict as Kubernetes does', () => {
  assert.equal(verdictOf(check, escalating),
    'allowPrivilegeEscalation != false (containers "init", "app" must set securityContext.allowPrivilegeEscalation=false)',
  );
});
