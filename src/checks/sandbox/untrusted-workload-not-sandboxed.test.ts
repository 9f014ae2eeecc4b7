import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testCheck, violationsOf } from '../check-tester.js';
import check from './untrusted-workload-not-sandboxed.js';

const byNamespace = { settings: { sandbox: { untrusted: { namespaces: ['ci', 'tenant-*'] } } } };
const pod = (namespace: string, extra = '', labels = '{}') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${namespace}, labels: ${labels}}\nspec: {${extra}containers: [{name: a, image: "registry.example.com/app:1.0.0"}]}`;

testCheck(check, {
  valid: [
    { name: 'nothing declared untrusted', yaml: pod('ci') },
    { name: 'trusted namespace', yaml: pod('prod'), options: byNamespace },
    { name: 'gVisor by default name', yaml: pod('ci', 'runtimeClassName: gvisor, '), options: byNamespace },
    { name: 'Kata variant', yaml: pod('tenant-a', 'runtimeClassName: kata-qemu, '), options: byNamespace },
    {
      name: 'RuntimeClass whose handler is runsc',
      yaml: `${pod('ci', 'runtimeClassName: sandboxed, ')}\n---\napiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: sandboxed}\nhandler: runsc`,
      options: byNamespace,
    },
    {
      name: 'image from a trusted registry',
      yaml: pod('prod'),
      options: { settings: { sandbox: { untrusted: { trustedRegistries: ['registry.example.com'] } } } },
    },
  ],
  invalid: [
    { name: 'untrusted namespace without runtime class', yaml: pod('tenant-b'), options: byNamespace, errors: [{ messageId: 'noRuntimeClass', path: 'spec.runtimeClassName' }] },
    {
      name: 'runtime class not in the configured list, with a fix',
      yaml: pod('prod', 'runtimeClassName: runc, ', '{trust: untrusted}'),
      options: { settings: { sandbox: { untrusted: { labels: { trust: 'untrusted' } }, runtimeClasses: ['gvisor'] } } },
      errors: [{ messageId: 'notSandbox', path: 'spec.runtimeClassName' }],
      output: pod('prod', 'runtimeClassName: gvisor, ', '{trust: untrusted}'),
    },
    {
      name: 'a class named gvisor whose handler is runc does not sandbox',
      yaml: `${pod('ci', 'runtimeClassName: gvisor, ')}\n---\napiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: gvisor}\nhandler: runc`,
      options: byNamespace,
      errors: [{ messageId: 'notSandbox' }],
    },
    {
      name: 'namespace labelled as a tenant',
      yaml: `${pod('tenant-x')}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: tenant-x, labels: {tenant: external}}`,
      options: { settings: { sandbox: { untrusted: { namespaceLabels: { tenant: 'external' } } } } },
      errors: [{ messageId: 'noRuntimeClass' }],
    },
    {
      name: 'image outside the trusted registries',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: prod}\nspec: {template: {spec: {containers: [{name: a, image: "docker.io/someone/tool:1.0.0"}]}}}',
      options: { settings: { sandbox: { untrusted: { trustedRegistries: ['registry.example.com'] } } } },
      errors: [{ messageId: 'noRuntimeClass', path: 'spec.template.spec.runtimeClassName' }],
    },
  ],
});

it('a misspelt settings key is an error, not a silently disabled check', () => {
  const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ci}\nspec: {containers: [{name: a, image: a}]}';
  assert.throws(() => violationsOf(check, yaml, { settings: { sandbox: { untrusted: { namespace: ['ci'] } } } }), /sandbox\.untrusted\.namespace: unknown key/);
  assert.throws(() => violationsOf(check, yaml, { settings: { sandbox: { untrusted: { labels: ['x'] } } } }), /sandbox\.untrusted\.labels: expected a mapping/);
});
